#include "store/today_figures.h"

#include "store/kiosk_database.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <map>
#include <system_error>

namespace hailong::core {

bool isSatisfied(Scale scale, const std::string& value) {
    switch (scale) {
    case Scale::ThreeLevel:
    case Scale::Sipas5: return value == "very_satisfied" || value == "satisfied";
    case Scale::Star5: return value == "4" || value == "5";
    case Scale::YesNo: return value == "yes";
    case Scale::Choice:
    case Scale::MultiSelect: return false;
    }
    return false;
}

TodayFigures computeFigures(KioskDatabase& db, const Questionnaire& q, std::int64_t fromUtcMs, std::int64_t toUtcMs) {
    TodayFigures f;
    if (q.questions.empty()) return f;
    const Question& main = q.mainQuestion();
    std::map<std::string, std::int64_t> byValue;  // not flagged
    guarded(db, "cannot compute today's figures", [&] {
        // One row per (value, flagged, superseded). value_index 0: a response counts once.
        // responses_by_start narrows the day; a superseding rating comes later in seq order,
        // so the search for them starts at the day's first seq (not at a wall time, which an
        // offline PC may set back).
        SQLite::Statement rows(db.db(),
                               "WITH day AS (SELECT seq, uuid, misuse_flags FROM responses "
                               "             WHERE started_utc_ms >= ? AND started_utc_ms < ?) "
                               "SELECT a.value, d.misuse_flags <> 0, "
                               "       d.uuid IN (SELECT supersedes_uuid FROM responses WHERE supersedes_uuid <> '' "
                               "                  AND seq >= (SELECT min(seq) FROM day)), count(*) "
                               "FROM day d JOIN answers a ON a.response_seq = d.seq "
                               "WHERE a.question_id = ? AND a.scale = ? AND a.value_index = 0 "
                               "GROUP BY 1, 2, 3");
        rows.bind(1, fromUtcMs);
        rows.bind(2, toUtcMs);
        rows.bind(3, main.id);
        rows.bind(4, std::string(scaleName(main.scale)));
        while (rows.executeStep()) {
            const std::int64_t n = rows.getColumn(3).getInt64();
            if (rows.getColumn(2).getInt() != 0) f.superseded += n;
            else if (rows.getColumn(1).getInt() != 0) f.misuseFlagged += n;
            else byValue[rows.getColumn(0).getString()] += n;
        }
        // Until batches exist (export, a later issue) nothing has been exported.
        f.notExported = db.db()
                            .execAndGet("SELECT count(*) FROM responses WHERE seq > "
                                        "(SELECT coalesce(max(seq_last), 0) FROM batches)")
                            .getInt64();
    });
    for (const Option& o : main.options) {
        const auto it = byValue.find(o.id);
        const std::int64_t n = it == byValue.end() ? 0 : it->second;
        f.counts.emplace_back(o.id, n);
        f.counted += n;
        if (isSatisfied(main.scale, o.id)) f.satisfied += n;
    }
    if (f.counted > 0) f.satisfiedPercent = static_cast<double>(f.satisfied) * 100.0 / static_cast<double>(f.counted);
    return f;
}

namespace {

std::int64_t sizeOrZero(const std::filesystem::path& p) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(p, ec);  // a missing -wal / -shm is fine
    return ec ? 0 : static_cast<std::int64_t>(n);
}

}  // namespace

StorageHealth storageHealth(KioskDatabase& db) {
    StorageHealth h;
    const std::filesystem::path& path = db.path();
    if (path != ":memory:") {
        h.databaseBytes = sizeOrZero(path) + sizeOrZero(path.string() + "-wal") + sizeOrZero(path.string() + "-shm");
        std::error_code ec;
        const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        const auto space = std::filesystem::space(folder, ec);
        h.freeDiskBytes = ec ? -1 : static_cast<std::int64_t>(space.available);
    } else {
        h.freeDiskBytes = -1;
    }
    h.lastIntegrity = db.integrityAtOpen();
    guarded(db, "cannot count the responses",
            [&] { h.responses = db.db().execAndGet("SELECT count(*) FROM responses").getInt64(); });
    return h;
}

}  // namespace hailong::core
