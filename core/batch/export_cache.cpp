#include "batch/export_cache.h"

#include "batch/batch_format.h"
#include "batch/exporter.h"  // PinnedBoxKeyMeta

#include "store/sqlite_response_store.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

namespace hailong::core {

std::int64_t sealKeyId(KioskDatabase& db, const std::string& boxKeyHex, bool make) {
    return guarded(db, "cannot read the export cache's keys", [&] {
        if (make) {
            SQLite::Statement add(db.db(), "INSERT OR IGNORE INTO seal_keys (box_key) VALUES (?)");
            add.bind(1, boxKeyHex);
            add.exec();
        }
        SQLite::Statement q(db.db(), "SELECT id FROM seal_keys WHERE box_key = ?");
        q.bind(1, boxKeyHex);
        return q.executeStep() ? q.getColumn(0).getInt64() : std::int64_t{0};
    });
}

void ExportLineCache::operator()(KioskDatabase& db, std::int64_t seq) {
    const std::optional<std::string> pinned = db.meta(PinnedBoxKeyMeta);
    std::unique_ptr<BatchSealer>& sealer = m_sealer->sealer;
    if (!pinned) {
        sealer.reset();
        fillExportCache(db, seq, seq);
        return;
    }
    const std::int64_t next = guarded(db, "cannot read the batches", [&] {
        return db.db().execAndGet("SELECT coalesce(max(number), 0) + 1 FROM batches").getInt64();
    });
    if (!sealer || sealer->batchNumber() != next || sealer->sealedToHex() != *pinned) {
        try {
            sealer = std::make_unique<BatchSealer>(*m_keys, db.kioskId(), next, *pinned);
        } catch (const std::invalid_argument&) {  // a damaged pin: the exporter says so
            sealer.reset();
        }
    }
    fillExportCache(db, seq, seq, sealer.get());
}

std::int64_t fillExportCache(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                             const BatchSealer* sealer) {
    return guarded(db, "cannot fill the export cache", [&] {
        std::vector<std::int64_t> missing;
        {
            // Quick answer first: responses are never deleted and seq has no gaps, so the
            // ended ones of the range number (last - first + 1) minus those in progress.
            SQLite::Statement bounds(db.db(), "SELECT coalesce(max(seq), 0) FROM responses");
            bounds.executeStep();
            const std::int64_t last = std::min(seqLast, bounds.getColumn(0).getInt64());
            if (last < seqFirst) return std::int64_t{0};
            SQLite::Statement open(db.db(), "SELECT count(*) FROM responses WHERE end_reason = 'in_progress' AND "
                                            "seq BETWEEN ? AND ?");
            open.bind(1, seqFirst);
            open.bind(2, last);
            open.executeStep();
            SQLite::Statement cached(db.db(), "SELECT count(*) FROM export_lines WHERE seq BETWEEN ? AND ?");
            cached.bind(1, seqFirst);
            cached.bind(2, last);
            cached.executeStep();
            if (cached.getColumn(0).getInt64() == last - seqFirst + 1 - open.getColumn(0).getInt64())
                return std::int64_t{0};
            SQLite::Statement q(db.db(), "SELECT seq FROM responses r WHERE seq BETWEEN ? AND ? AND "
                                         "end_reason <> 'in_progress' AND "
                                         "NOT EXISTS (SELECT 1 FROM export_lines e WHERE e.seq = r.seq) ORDER BY seq");
            q.bind(1, seqFirst);
            q.bind(2, last);
            while (q.executeStep()) missing.push_back(q.getColumn(0).getInt64());
        }
        if (missing.empty()) return std::int64_t{0};

        using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, int, std::string, int>;
        std::map<Key, std::int64_t> ids;
        SQLite::Statement addContext(db.db(),
                                     "INSERT OR IGNORE INTO contexts (unit_code, unit_name, unit_level, counter, "
                                     "boot_id, utc_offset_min, questionnaire_id, questionnaire_version) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement findContext(db.db(), "SELECT id FROM contexts WHERE unit_code = ? AND unit_name = ? AND "
                                               "unit_level = ? AND counter = ? AND boot_id = ? AND utc_offset_min = ? "
                                               "AND questionnaire_id = ? AND questionnaire_version = ?");
        auto contextId = [&](const ResponseContext& c) {
            Key key{std::string(c.unitCode),        std::string(c.unitName), std::string(c.unitLevel),
                    std::string(c.counter),         std::string(c.bootId),   c.utcOffsetMinutes,
                    std::string(c.questionnaireId), c.questionnaireVersion};
            if (auto it = ids.find(key); it != ids.end()) return it->second;
            for (SQLite::Statement* q : {&addContext, &findContext}) {
                q->bind(1, std::get<0>(key));
                q->bind(2, std::get<1>(key));
                q->bind(3, std::get<2>(key));
                q->bind(4, std::get<3>(key));
                q->bind(5, std::get<4>(key));
                q->bind(6, std::get<5>(key));
                q->bind(7, std::get<6>(key));
                q->bind(8, std::get<7>(key));
            }
            addContext.exec();
            addContext.reset();
            findContext.executeStep();
            const std::int64_t id = findContext.getColumn(0).getInt64();
            findContext.reset();
            ids.emplace(std::move(key), id);
            return id;
        };

        std::map<std::string, std::int64_t> patternIds;
        SQLite::Statement addPattern(db.db(), "INSERT OR IGNORE INTO answer_patterns (pattern) VALUES (?)");
        SQLite::Statement findPattern(db.db(), "SELECT id FROM answer_patterns WHERE pattern = ?");
        auto patternId = [&](const ResponseView& r) {
            std::string pattern;
            for (const AnswerValueView& v : r.values)
                pattern.append(v.questionId).append("\t").append(v.scale).append("\t").append(v.value).append("\n");
            if (auto it = patternIds.find(pattern); it != patternIds.end()) return it->second;
            addPattern.bind(1, pattern);
            addPattern.exec();
            addPattern.reset();
            findPattern.bind(1, pattern);
            findPattern.executeStep();
            const std::int64_t id = findPattern.getColumn(0).getInt64();
            findPattern.reset();
            patternIds.emplace(std::move(pattern), id);
            return id;
        };

        // In slices: the lines of a slice are encoded while reading, then written (never
        // write a table while a statement still reads it).
        SQLite::Statement store(db.db(), "INSERT OR REPLACE INTO export_lines (seq, context_id, pattern_id, "
                                         "started_utc_ms, last_utc_ms, tail, sealed_batch, sealed_key) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        const std::int64_t keyId = sealer ? sealKeyId(db, sealer->sealedToHex(), true) : 0;
        constexpr std::size_t Slice = 20'000;
        struct Line {
            std::int64_t seq, context, pattern, started, last;
            std::string tail;
            std::int64_t sealedBatch;  // as CachedLine's
        };
        const auto encode = [&](const ResponseView& r) {
            Line l{r.seq,
                   contextId(contextOf(r)),
                   patternId(r),
                   r.startedUtcMs,
                   std::max(r.startedUtcMs, r.endedUtcMs),
                   encodeResponseTail(r),
                   -1};
            if (r.dossierCode.empty() && r.comment.empty()) {
                l.sealedBatch = 0;
            } else if (sealer) {
                std::string sealed;
                appendSealedTail(sealed, l.tail, *sealer);
                l.tail = std::move(sealed);
                l.sealedBatch = sealer->batchNumber();
            }
            return l;
        };
        std::vector<Line> lines;
        for (std::size_t from = 0; from < missing.size(); from += Slice) {
            const std::size_t to = std::min(missing.size(), from + Slice);
            lines.clear();
            forEachResponseView(db, missing[from], missing[to - 1], [&](const ResponseView& r) {
                if (!std::binary_search(missing.begin() + static_cast<std::ptrdiff_t>(from),
                                        missing.begin() + static_cast<std::ptrdiff_t>(to), r.seq))
                    return;
                lines.push_back(encode(r));
            });
            for (const Line& l : lines) {
                store.bind(1, l.seq);
                store.bind(2, l.context);
                store.bind(3, l.pattern);
                store.bind(4, l.started);
                store.bind(5, l.last);
                store.bind(6, l.tail);
                if (l.sealedBatch < 0) store.bind(7);
                else store.bind(7, l.sealedBatch);
                if (l.sealedBatch > 0) store.bind(8, keyId);
                else store.bind(8);
                store.exec();
                store.reset();
            }
        }
        return static_cast<std::int64_t>(missing.size());
    });
}

std::map<std::int64_t, CachedContext> cachedContexts(KioskDatabase& db) {
    return guarded(db, "cannot read the export cache", [&] {
        std::map<std::int64_t, CachedContext> out;
        SQLite::Statement q(db.db(), "SELECT id, unit_code, unit_name, unit_level, counter, boot_id, utc_offset_min, "
                                     "questionnaire_id, questionnaire_version FROM contexts");
        while (q.executeStep())
            out.emplace(q.getColumn(0).getInt64(), CachedContext{q.getColumn(1).getString(), q.getColumn(2).getString(),
                                                                 q.getColumn(3).getString(), q.getColumn(4).getString(),
                                                                 q.getColumn(5).getString(), q.getColumn(6).getInt(),
                                                                 q.getColumn(7).getString(), q.getColumn(8).getInt()});
        return out;
    });
}

std::map<std::int64_t, std::vector<AnswerCount>> cachedPatterns(KioskDatabase& db) {
    return guarded(db, "cannot read the export cache", [&] {
        std::map<std::int64_t, std::vector<AnswerCount>> out;
        SQLite::Statement q(db.db(), "SELECT id, pattern FROM answer_patterns");
        while (q.executeStep()) {
            std::vector<AnswerCount>& values = out[q.getColumn(0).getInt64()];
            const std::string pattern = q.getColumn(1).getString();
            for (std::size_t at = 0; at < pattern.size();) {
                const std::size_t t1 = pattern.find('\t', at), t2 = pattern.find('\t', t1 + 1),
                                  nl = pattern.find('\n', t2 + 1);
                if (t1 == std::string::npos || t2 == std::string::npos || nl == std::string::npos)
                    throw StorageError("export cache: answer pattern " + std::to_string(q.getColumn(0).getInt64()) +
                                       " is damaged");
                values.push_back(AnswerCount{pattern.substr(at, t1 - at), pattern.substr(t1 + 1, t2 - t1 - 1),
                                             pattern.substr(t2 + 1, nl - t2 - 1), 1});
                at = nl + 1;
            }
        }
        return out;
    });
}

void forEachCachedLine(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                       const std::function<void(const CachedLine&)>& f,
                       const std::function<void(std::int64_t, std::int64_t)>& missing) {
    guarded(db, "cannot read the export cache", [&] {
        RawStatement q(db, "SELECT seq, context_id, pattern_id, started_utc_ms, last_utc_ms, tail, "
                           "coalesce(sealed_batch, -1), coalesce(sealed_key, 0) "
                           "FROM export_lines WHERE seq BETWEEN ? AND ? ORDER BY seq");
        q.bind(1, seqFirst);
        q.bind(2, seqLast);
        std::int64_t expected = seqFirst;
        CachedLine line;
        while (q.step()) {
            line.seq = q.integer(0);
            if (line.seq != expected) missing(expected, line.seq - 1);
            expected = line.seq + 1;
            line.contextId = q.integer(1);
            line.patternId = q.integer(2);
            line.startedUtcMs = q.integer(3);
            line.lastUtcMs = q.integer(4);
            line.tail = q.text(5);
            line.sealedBatch = q.integer(6);
            line.sealedKey = q.integer(7);
            f(line);
        }
        if (expected <= seqLast) missing(expected, seqLast);
    });
}

}  // namespace hailong::core
