#include "batch/exporter.h"
#include "store/kiosk_backup.h"

#include "batch/batch_format.h"
#include "batch/export_cache.h"
#include "batch/human_files.h"
#include "batch/seal.h"

#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "survey/settings.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {

// One export at a time per kiosk (the kiosk and `hailong export` may both try): an flock on
// a file beside the database, released when this object goes.
class ExportLock {
public:
    explicit ExportLock(const fs::path& file) {
        m_fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            m_openError = std::strerror(errno);
        } else if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    /// Why the lock file could not be opened ("" if it could: then it is busy).
    const std::string& openError() const { return m_openError; }
    ~ExportLock() {
        if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
    }
    ExportLock(const ExportLock&) = delete;
    ExportLock& operator=(const ExportLock&) = delete;
    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    std::string m_openError;
};

std::int64_t scalar(SQLite::Database& db, const char* sql) {
    SQLite::Statement q(db, sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

}  // namespace

ExportFailure exportFailureFor(int err, const fs::path& folder, const std::string& technical) {
    switch (err) {
    case ENOSPC:
    case EDQUOT: return exportFailure(ExportProblem::DriveFull, technical, folder);
    case EROFS: return exportFailure(ExportProblem::ReadOnly, technical, folder);
    case EACCES:
    case EPERM: return exportFailure(ExportProblem::NotAllowed, technical, folder);
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO: return exportFailure(ExportProblem::DriveGone, technical, folder);
    default: {
        ExportFailure f = exportFailure(ExportProblem::WriteFailed, technical, folder);
        f.reason = std::strerror(err);
        return f;
    }
    }
}

const char* exportProblemKey(ExportProblem problem) {
    switch (problem) {
    case ExportProblem::NothingNew: return "staff.export_nothing_new";
    case ExportProblem::Busy: return "staff.export_busy";
    case ExportProblem::LockFileUnusable: return "staff.export_lock_unusable";
    case ExportProblem::DriveFull: return "staff.export_drive_full";
    case ExportProblem::ReadOnly: return "staff.export_read_only";
    case ExportProblem::NotAllowed: return "staff.export_not_allowed";
    case ExportProblem::DriveGone: return "staff.export_drive_gone";
    case ExportProblem::WriteFailed: return "staff.export_write_failed";
    case ExportProblem::FilesNotMade: return "staff.export_files_not_made";
    case ExportProblem::DatabaseFailed: return "staff.export_database_failed";
    case ExportProblem::DatabaseUnreadable: return "staff.export_database_unreadable";
    case ExportProblem::ProgramFault: return "staff.export_program_fault";
    case ExportProblem::NoSuchBatch: return "staff.export_no_such_batch";
    case ExportProblem::OldKey: return "staff.export_old_key";
    case ExportProblem::NoExporter: return "staff.export_no_exporter";
    case ExportProblem::AwaitingReceipt: return "staff.export_awaiting_receipt";
    case ExportProblem::Unknown: return "staff.export_unknown";
    }
    return "staff.export_unknown";
}

std::string exportFailureWords(const ExportFailure& f, const Strings& strings, Language lang) {
    return fillIn(strings.get(exportProblemKey(f.problem), lang),
                  {{"folder", f.folder.string()}, {"n", std::to_string(f.batch)}, {"reason", f.reason}});
}

Exporter::Exporter(KioskDatabase& db, const KioskKeys& keys, AuditLog& audit, const Clock& clock, std::string program)
    : m_db(db), m_keys(keys), m_audit(audit), m_clock(clock), m_program(std::move(program)) {}

std::string sealedToMetaKey(std::int64_t number) { return "batch_sealed_to:" + std::to_string(number); }

std::string Exporter::fileStem(const std::string& unitCode, std::int64_t number) const {
    char n[16];
    std::snprintf(n, sizeof n, "%06lld", static_cast<long long>(number));
    return "hailong-" + (unitCode.empty() ? std::string("kiosk") : unitCode) + "-" + m_db.kioskId().substr(0, 8) + "-" +
           n;
}

ExportPlan Exporter::plan() const {
    return guarded(m_db, "cannot plan the export", [&] {
        SQLite::Database& db = m_db.db();
        ExportPlan p;
        SQLite::Statement last(db, "SELECT number, seq_last, audit_last FROM batches ORDER BY number DESC LIMIT 1");
        if (last.executeStep()) {
            p.number = last.getColumn(0).getInt64() + 1;
            p.seqFirst = last.getColumn(1).getInt64() + 1;
            p.auditFirst = last.getColumn(2).getInt64() + 1;
        }
        // Up to the first response still open (a citizen answering while `hailong export`
        // runs): batches are consecutive ranges of ended responses.
        SQLite::Statement open(db, "SELECT min(seq) FROM responses WHERE end_reason = 'in_progress' AND seq >= ?");
        open.bind(1, p.seqFirst);
        open.executeStep();
        p.seqLast = open.getColumn(0).isNull() ? scalar(db, "SELECT coalesce(max(seq), 0) FROM responses")
                                               : open.getColumn(0).getInt64() - 1;
        if (p.seqLast < p.seqFirst - 1) p.seqLast = p.seqFirst - 1;
        p.auditLast = std::max(p.auditFirst - 1, scalar(db, "SELECT coalesce(max(id), 0) FROM audit_log"));
        SQLite::Statement audits(db, "SELECT count(*), coalesce(sum(event NOT IN (?, ?)), 0) FROM audit_log "
                                     "WHERE id BETWEEN ? AND ?");
        audits.bind(1, audit::BatchExported);
        audits.bind(2, audit::ExportFailed);
        audits.bind(3, p.auditFirst);
        audits.bind(4, p.auditLast);
        audits.executeStep();
        p.auditEntries = audits.getColumn(0).getInt64();
        p.otherAuditEntries = audits.getColumn(1).getInt64();
        return p;
    });
}

bool autoExportDue(const OpeningHours& hours, std::int64_t lastUtcMs, std::int64_t nowUtcMs, int utcOffsetMinutes) {
    return nowUtcMs >= nextClosingUtcMs(hours, lastUtcMs, utcOffsetMinutes);
}

std::optional<BatchRecord> lastExportedBatch(KioskDatabase& db) {
    return guarded(db, "cannot read the batches", [&]() -> std::optional<BatchRecord> {
        SQLite::Statement q(db.db(), "SELECT number, seq_first, seq_last, export_utc_ms, file_name, folder, digest "
                                     "FROM batches ORDER BY number DESC LIMIT 1");
        if (!q.executeStep()) return std::nullopt;
        return BatchRecord{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),  q.getColumn(2).getInt64(),
                           q.getColumn(3).getInt64(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                           q.getColumn(6).getString()};
    });
}

std::optional<BatchRecord> Exporter::lastBatch() const { return lastExportedBatch(m_db); }

std::int64_t Exporter::unexportedResponses() const {
    return guarded(m_db, "cannot count the responses not exported", [&] {
        return scalar(m_db.db(), "SELECT count(*) FROM responses WHERE seq > "
                                 "(SELECT coalesce(max(seq_last), 0) FROM batches)");
    });
}

Expected<ExportResult, ExportFailure> Exporter::exportNext(const fs::path& folder, const ExportOptions& options) {
    const fs::path lockFile = m_db.path().parent_path() / "export.lock";
    ExportLock lock(lockFile);
    if (!lock.held() && !lock.openError().empty()) {
        ExportFailure f = exportFailure(ExportProblem::LockFileUnusable, "export lock: " + lock.openError(), lockFile);
        f.reason = lock.openError();
        return unexpected(std::move(f));
    }
    if (!lock.held()) return unexpected(exportFailure(ExportProblem::Busy, "export lock busy"));
    if (guarded(m_db, "cannot read the restore state", [&] { return awaitingReceipt(m_db); }))
        return unexpected(exportFailure(ExportProblem::AwaitingReceipt, "restored from a copy: waiting for a receipt"));
    BatchHeader head;
    try {
        // The lines of the responses not exported yet (those exported are in their batches).
        const std::optional<BatchRecord> previous = lastBatch();
        cacheExportLines(previous ? previous->seqLast + 1 : 1);
        // One read snapshot for the plan and everything written from it.
        SQLite::Transaction snapshot(m_db.db(), SQLite::TransactionBehavior::DEFERRED);
        const ExportPlan p = plan();
        if (p.empty()) return unexpected(exportFailure(ExportProblem::NothingNew, "nothing to export"));
        const KioskSettings settings = SettingsStore(m_db).load();
        head.kioskId = m_db.kioskId();
        head.publicKeyHex = m_keys.publicKeyHex();
        head.unit = UnitInfo{settings.unitCode, settings.unitName, settings.unitLevel, settings.counterName};
        head.number = p.number;
        if (const auto last = lastBatch()) head.previousDigestHex = last->digestHex;
        head.seqFirst = p.seqFirst;
        head.seqLast = p.seqLast;
        head.responseCount = p.responses();
        head.auditFirst = p.auditFirst;
        head.auditLast = p.auditLast;
        head.auditCount = p.auditEntries;
        head.exportUtcMs = m_clock.wallMs();
        head.exportUtcOffsetMinutes = m_clock.utcOffsetMinutes();
        head.exportMonoMs = m_clock.monoMs();
        head.exportBootId = m_clock.bootId();
        head.program = m_program;
        // Sealed for headquarters once its key is pinned (issue 19): version 2.
        const std::optional<std::string> sealedTo = m_db.meta(PinnedBoxKeyMeta);
        auto written = write(head, folder, options, sealedTo);
        snapshot.commit();  // nothing written in it: ends the snapshot
        if (!written) return recordFailure(head.number, written.error());
        try {
            markExported(head, *written, folder);
        } catch (const StorageError& e) {
            // Files that are not marked must not stay under their final names.
            std::error_code ignored;
            for (const fs::path& f : {written->batchFile, written->csvFile, written->xlsxFile})
                if (!f.empty()) fs::remove(f, ignored);
            return recordFailure(head.number, exportFailure(ExportProblem::DatabaseFailed, e.what()));
        }
        try {  // exported and marked: a failing audit write does not undo that
            m_audit.record(audit::BatchExported,
                           "batch=" + std::to_string(head.number) + " responses=" + std::to_string(head.responseCount) +
                               " seq=" + std::to_string(head.seqFirst) + "-" + std::to_string(head.seqLast) +
                               " file=" + written->batchFile.filename().string());
        } catch (const StorageError&) {}
        return written;
    } catch (const std::logic_error& e) {  // a fault of this program, not of the drive
        return recordFailure(head.number, exportFailure(ExportProblem::ProgramFault, e.what()));
    } catch (const StorageError& e) {
        return recordFailure(head.number, exportFailure(ExportProblem::DatabaseUnreadable, e.what()));
    }
}

void Exporter::cacheExportLines(std::int64_t first) {
    guarded(m_db, "cannot prepare the export", [&] {
        // Lines cached by a program that encoded them differently are made again.
        if (m_db.meta("export_line_format") != std::string(ExportLineFormat)) {
            SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
            m_db.db().exec("DELETE FROM export_lines");
            m_db.setMeta("export_line_format", ExportLineFormat);
            tx.commit();
        }
        const std::int64_t last = scalar(m_db.db(), "SELECT coalesce(max(seq), 0) FROM responses");
        // In slices, each its own short transaction: the kiosk's taps wait for the write lock
        // (at most a few seconds), so a long fill (the first export after an upgrade) must let
        // them through between slices.
        constexpr std::int64_t Slice = 10'000;
        for (std::int64_t from = std::max<std::int64_t>(1, first); from <= last; from += Slice) {
            SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
            fillExportCache(m_db, from, std::min(last, from + Slice - 1));
            tx.commit();
        }
    });
}

Expected<ExportResult, ExportFailure> Exporter::recordFailure(std::int64_t number, ExportFailure f) {
    try {
        m_audit.record(audit::ExportFailed, "batch=" + std::to_string(number) + " " + f.technical);
    } catch (const StorageError&) {  // the export failure is what the staff must see
    }
    return unexpected(std::move(f));
}

void Exporter::markExported(const BatchHeader& head, const ExportResult& result, const fs::path& folder) {
    guarded(m_db, "cannot mark batch " + std::to_string(head.number) + " as exported", [&] {
        SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        // A response of the batch changed while it was written (a late misuse flag): its cached
        // line is gone. The file no longer says what the database does: not marked, written again.
        SQLite::Statement lines(m_db.db(), "SELECT count(*) FROM export_lines WHERE seq BETWEEN ? AND ?");
        lines.bind(1, head.seqFirst);
        lines.bind(2, head.seqLast);
        lines.executeStep();
        if (lines.getColumn(0).getInt64() != head.responseCount)
            throw StorageError("a response of batch " + std::to_string(head.number) +
                               " changed while it was written; export again");
        SQLite::Statement q(m_db.db(),
                            "INSERT INTO batches (number, seq_first, seq_last, audit_first, audit_last, unit_code, "
                            "unit_name, unit_level, counter, export_utc_ms, export_utc_offset_min, export_mono_ms, "
                            "export_boot_id, program, public_key, previous_digest, digest, file_name, folder) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        int i = 0;
        q.bind(++i, head.number);
        q.bind(++i, head.seqFirst);
        q.bind(++i, head.seqLast);
        q.bind(++i, head.auditFirst);
        q.bind(++i, head.auditLast);
        q.bind(++i, head.unit.code);
        q.bind(++i, head.unit.name);
        q.bind(++i, head.unit.level);
        q.bind(++i, head.unit.counter);
        q.bind(++i, head.exportUtcMs);
        q.bind(++i, head.exportUtcOffsetMinutes);
        q.bind(++i, head.exportMonoMs);
        q.bind(++i, head.exportBootId);
        q.bind(++i, head.program);
        q.bind(++i, head.publicKeyHex);
        q.bind(++i, head.previousDigestHex);
        q.bind(++i, result.digestHex);
        q.bind(++i, result.batchFile.filename().string());
        q.bind(++i, folder.string());
        q.exec();
        if (!result.sealedToHex.empty()) m_db.setMeta(sealedToMetaKey(head.number), result.sealedToHex);
        tx.commit();
    });
}

Expected<ExportResult, ExportFailure> Exporter::exportAgain(std::int64_t number, const fs::path& folder,
                                                            const ExportOptions& options) {
    try {
        cacheExportLines(1);  // a batch of any age: every line (rarely needed, then once)
        SQLite::Transaction snapshot(m_db.db(), SQLite::TransactionBehavior::DEFERRED);
        BatchHeader head = guarded(m_db, "cannot read batch " + std::to_string(number), [&]() -> BatchHeader {
            SQLite::Statement q(
                m_db.db(), "SELECT seq_first, seq_last, audit_first, audit_last, unit_code, unit_name, unit_level, "
                           "counter, export_utc_ms, export_utc_offset_min, export_mono_ms, export_boot_id, program, "
                           "public_key, previous_digest FROM batches WHERE number = ?");
            q.bind(1, number);
            if (!q.executeStep()) return BatchHeader{};
            BatchHeader h;
            h.number = number;
            h.kioskId = m_db.kioskId();
            h.seqFirst = q.getColumn(0).getInt64();
            h.seqLast = q.getColumn(1).getInt64();
            h.responseCount = h.seqLast - h.seqFirst + 1;
            h.auditFirst = q.getColumn(2).getInt64();
            h.auditLast = q.getColumn(3).getInt64();
            h.unit = UnitInfo{q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
                              q.getColumn(7).getString()};
            h.exportUtcMs = q.getColumn(8).getInt64();
            h.exportUtcOffsetMinutes = q.getColumn(9).getInt();
            h.exportMonoMs = q.getColumn(10).getInt64();
            h.exportBootId = q.getColumn(11).getString();
            h.program = q.getColumn(12).getString();
            h.publicKeyHex = q.getColumn(13).getString();
            h.previousDigestHex = q.getColumn(14).getString();
            SQLite::Statement audits(m_db.db(), "SELECT count(*) FROM audit_log WHERE id BETWEEN ? AND ?");
            audits.bind(1, h.auditFirst);
            audits.bind(2, h.auditLast);
            audits.executeStep();
            h.auditCount = audits.getColumn(0).getInt64();
            return h;
        });
        if (head.number == 0) {
            ExportFailure f = exportFailure(ExportProblem::NoSuchBatch, "no such batch");
            f.batch = number;
            return unexpected(std::move(f));
        }
        if (head.publicKeyHex != m_keys.publicKeyHex()) {
            ExportFailure f = exportFailure(ExportProblem::OldKey,
                                            "key replaced since batch " + std::to_string(number));
            f.batch = number;
            return unexpected(std::move(f));
        }
        // Sealed as the first time (to the key pinned then), so the bytes are the same.
        auto result = write(head, folder, options, m_db.meta(sealedToMetaKey(number)));
        snapshot.commit();
        if (!result) return recordFailure(number, result.error());
        try {  // written: a failing audit write does not undo that
            m_audit.record(audit::BatchExported,
                           "batch=" + std::to_string(number) + " again file=" + result->batchFile.filename().string());
        } catch (const StorageError&) {}
        return result;
    } catch (const StorageError& e) {
        return unexpected(exportFailure(ExportProblem::DatabaseUnreadable, e.what()));
    }
}

Expected<ExportResult, ExportFailure> Exporter::write(const BatchHeader& head, const fs::path& folder,
                                                      const ExportOptions& options,
                                                      const std::optional<std::string>& sealedTo) {
    const std::string stem = fileStem(head.unit.code, head.number);
    ExportResult result;
    result.number = head.number;
    result.responses = head.responseCount;
    result.seqFirst = head.seqFirst;
    result.seqLast = head.seqLast;
    result.batchFile = folder / (stem + ".hlbatch");
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return unexpected(exportFailureFor(ENOENT, folder, "no folder " + folder.string()));
    }
    // Reading through a memory map saves a copy of every page (large exports). Only while an
    // export reads: a disk that fails to read a mapped page stops the process (SIGBUS) rather
    // than returning an error, which is tolerable for that short time (the database stays
    // intact and the kiosk restarts), not for the kiosk's everyday reads.
    struct MapForExport {
        KioskDatabase& db;
        explicit MapForExport(KioskDatabase& d) : db(d) { db.db().exec("PRAGMA mmap_size = 4294967296"); }
        ~MapForExport() {
            try {
                db.db().exec("PRAGMA mmap_size = 0");
            } catch (const std::exception&) {  // only a performance setting
            }
        }
    } mapped(m_db);
    try {
        DurableFile batchFile(result.batchFile, options.fault);
        std::optional<BatchSealer> sealer;
        if (sealedTo) sealer.emplace(m_keys, head.kioskId, head.number, *sealedTo);
        result.sealedToHex = sealedTo.value_or("");
        BatchWriter writer(
            head, [&](std::string_view bytes) { batchFile.write(bytes); }, sealer ? &*sealer : nullptr);
        // Straight copies of the cached lines; the answer counts come from the lines' answer
        // patterns and the time range from their times (SPEC 8: a million responses in about a second).
        const std::map<std::int64_t, CachedContext> contexts = cachedContexts(m_db);
        std::unordered_map<std::int64_t, std::int64_t> patternUses;
        std::vector<AnswerCount> counts;  // of the responses encoded here from their rows
        std::int64_t done = 0, timeFirst = 0, timeLast = 0;
        auto spanned = [&](std::int64_t started, std::int64_t last) {
            if (done == 0 || started < timeFirst) timeFirst = started;
            timeLast = std::max(timeLast, last);
            ++done;
            if (options.progress && done % 4096 == 0) options.progress(done, head.responseCount);
        };
        auto countValue = [&](std::string_view question, std::string_view scale, std::string_view value,
                              std::int64_t n) {
            const auto same = std::find_if(counts.begin(), counts.end(), [&](const AnswerCount& c) {
                return c.questionId == question && c.scale == scale && c.value == value;
            });
            if (same == counts.end())
                counts.push_back(AnswerCount{std::string(question), std::string(scale), std::string(value), n});
            else same->count += n;
        };
        // Lines sealed when their response ended are copied if sealed for this batch and key.
        const std::int64_t keyId = sealer ? sealKeyId(m_db, sealer->sealedToHex(), false) : 0;
        forEachCachedLine(
            m_db, head.seqFirst, head.seqLast,
            [&](const CachedLine& line) {
                const auto it = contexts.find(line.contextId);
                if (it == contexts.end())
                    throw StorageError("export cache: context " + std::to_string(line.contextId) + " is missing");
                const CachedContext& c = it->second;
                const ResponseContext context{
                    c.unitCode, c.unitName,         c.unitLevel,       c.counter,
                    c.bootId,   c.utcOffsetMinutes, c.questionnaireId, c.questionnaireVersion};
                if (line.sealedBatch == 0) {  // no personal field: the same line in clear and sealed
                    writer.addEncoded(line.seq, context, line.tail, sealer.has_value());
                } else if (line.sealedBatch < 0) {
                    writer.addEncoded(line.seq, context, line.tail);
                } else if (sealer && line.sealedBatch == head.number && line.sealedKey == keyId) {
                    writer.addEncoded(line.seq, context, line.tail, true);
                } else {  // sealed for another batch or key: the tail again from the row
                    forEachResponseView(m_db, line.seq, line.seq, [&](const ResponseView& r) {
                        writer.addEncoded(r.seq, context, encodeResponseTail(r));
                    });
                }
                ++patternUses[line.patternId];
                spanned(line.startedUtcMs, line.lastUtcMs);
            },
            [&](std::int64_t from, std::int64_t to) {  // changed after the cache was filled: from the rows
                forEachResponseView(m_db, from, to, [&](const ResponseView& r) {
                    writer.addEncoded(r.seq, contextOf(r), encodeResponseTail(r));
                    for (const AnswerValueView& v : r.values) countValue(v.questionId, v.scale, v.value, 1);
                    spanned(r.startedUtcMs, std::max(r.startedUtcMs, r.endedUtcMs));
                });
            });
        const auto patterns = cachedPatterns(m_db);
        for (const auto& [id, uses] : patternUses) {
            const auto pattern = patterns.find(id);
            if (pattern == patterns.end())
                throw StorageError("export cache: answer pattern " + std::to_string(id) + " is missing");
            for (const AnswerCount& value : pattern->second)
                countValue(value.questionId, value.scale, value.value, uses);
        }
        writer.setSummary(std::move(counts), timeFirst, timeLast);
        std::vector<Response> forPeople;
        if (options.humanFiles)  // a day's worth: the files for people need whole responses
            forEachResponse(m_db, head.seqFirst, head.seqLast, [&](const Response& r) { forPeople.push_back(r); });
        for (const AuditEntry& e : m_audit.since(head.auditFirst - 1, std::numeric_limits<int>::max()))
            if (e.id <= head.auditLast) writer.add(e);
        result.digestHex = writer.finish(
            [&](const std::string& id, int version) -> std::optional<std::string> {
                if (auto stored = m_db.questionnaireSource(id, version)) return stored;
                // Responses of a built-in questionnaire from before it was ever remembered.
                return builtInQuestionnaireSource(id, version);
            },
            m_keys);
        result.batchBytes = writer.bytesWritten();
        batchFile.sync();
        if (options.progress) options.progress(head.responseCount, head.responseCount);

        // Every file is written and flushed under a temporary name before any takes its final
        // name; if one cannot, none keeps it (a half-delivered export would later look like a
        // second, different batch with the same number).
        struct Temporaries {  // the files for people, removed unless they got their final names
            std::vector<fs::path> paths;
            ~Temporaries() {
                std::error_code ignored;
                for (const fs::path& p : paths) fs::remove(p, ignored);
            }
        } temporaries;
        if (options.humanFiles) {
            result.csvFile = folder / (stem + ".csv");
            result.xlsxFile = folder / (stem + ".xlsx");
            temporaries.paths = {temporaryNameFor(result.csvFile), temporaryNameFor(result.xlsxFile)};
            if (options.fault) {
                if (const int err = options.fault(result.csvFile, 0))
                    throw WriteError("cannot write " + temporaries.paths[0].string() + ": " + std::strerror(err), err);
            }
            writeResponsesCsv(temporaries.paths[0], writer.header(), forPeople);
            writeResponsesWorkbook(temporaries.paths[1], writer.header(), forPeople);
            syncFile(temporaries.paths[0]);
            syncFile(temporaries.paths[1]);
        }
        try {
            if (options.humanFiles) {
                if (options.fault) {
                    if (const int err = options.fault(result.xlsxFile, ~std::uint64_t{0}))  // "at the rename"
                        throw WriteError("cannot rename to " + result.xlsxFile.string() + ": " + std::strerror(err),
                                         err);
                }
                renameDurably(temporaries.paths[0], result.csvFile);
                renameDurably(temporaries.paths[1], result.xlsxFile);
                temporaries.paths.clear();
            }
            batchFile.commit();  // the batch last: where it is, its companions are too
        } catch (...) {
            std::error_code ignored;
            for (const fs::path& f : {result.csvFile, result.xlsxFile, result.batchFile})
                if (!f.empty()) fs::remove(f, ignored);
            throw;
        }
    } catch (const WriteError& e) {
        return unexpected(exportFailureFor(e.errnoValue, folder, e.what()));
    } catch (const StorageError& e) {
        return unexpected(exportFailure(ExportProblem::DatabaseFailed, e.what()));
    } catch (const std::runtime_error& e) {  // the workbook writer (which does not always say why), zstd
        std::error_code spaceError;
        const auto space = fs::space(folder, spaceError);
        if (!spaceError && space.available < 1024 * 1024) return unexpected(exportFailureFor(ENOSPC, folder, e.what()));
        return unexpected(exportFailure(ExportProblem::FilesNotMade, e.what(), folder));
    }
    return result;
}

}  // namespace hailong::core
