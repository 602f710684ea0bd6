// What headquarters tells of each kiosk beside its batches (hq_store.h: KioskStatus): how far
// its clock was ahead when its latest batch was imported, and the program that wrote that
// batch, in every store; and a store of schema 4, SQLite or PostgreSQL, learns the program of
// each kiosk's latest batch from its stored file.
#include "hq/hq_import.h"
#include "hq/report.h"
#include "support/conflict_files.h"
#include "support/hq_fixture.h"
#include "support/hq_stores.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace hailong::core;
using namespace hailong::test;

namespace {

constexpr std::int64_t Day = 86'400'000;
constexpr std::int64_t Imported = T0 + 10 * Day;

const KioskStatus& statusOf(const std::vector<KioskStatus>& all, const std::string& kioskId) {
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const KioskStatus& s) { return s.kiosk.kioskId == kioskId; });
    REQUIRE(it != all.end());
    return *it;
}

/// Batch `number` of a kiosk (one response), exported at exportUtcMs by program; its digest
/// kioskId-number, or another for a fork (the next batch names kioskId-number).
Batch batchNumber(const std::string& kioskId, const UnitInfo& unit, std::int64_t number, std::int64_t exportUtcMs,
                  const std::string& program, const std::string& digest) {
    Batch b = batchOf(kioskId, unit, {{kioskId + "-" + digest, "satisfied", "", "", ""}});
    b.header.number = number;
    b.header.previousDigestHex = number == 1 ? "" : kioskId + "-" + std::to_string(number - 1);
    b.header.seqFirst = b.header.seqLast = number;
    b.responses[0].seq = number;
    b.header.exportUtcMs = exportUtcMs;
    b.header.program = program;
    b.digestHex = digest;
    return b;
}

}  // namespace

TEST_CASE("kiosk status: how far a kiosk's clock was ahead at its latest batch, and the program that wrote it",
          "[hq][kiosks]") {
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "kiosk_status");
        const UnitInfo unit{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
        for (const char* id : {"ahead", "behind", "forked", "silent"})
            store->trust(KioskKeyFile{id, std::string(64, 'a'), unit}, 0);

        // Batch 1 far ahead, then batch 2 exported 3 days after it was imported.
        store->importBatch(batchNumber("ahead", unit, 1, Imported + 9 * Day, "hailong 0.3.0", "ahead-1"),
                           "ahead-1.hlbatch", Imported);
        store->importBatch(batchNumber("ahead", unit, 2, Imported + Day + 3 * Day, "hailong 0.4.0", "ahead-2"),
                           "ahead-2.hlbatch", Imported + Day);
        // Exported the day before it was imported: not ahead.
        store->importBatch(batchNumber("behind", unit, 1, Imported - Day, "hailong 0.4.0", "behind-1"),
                           "behind-1.hlbatch", Imported);
        // A fork of batch 2: the one imported last is the latest, whatever its digest. (The
        // first is held apart from the start, by a chain break: a batch without its file could
        // not be moved out of the figures by the second.)
        store->importBatch(batchNumber("forked", unit, 1, Imported, "hailong 0.3.0", "forked-1"), "forked-1.hlbatch",
                           Imported);
        Batch broken = batchNumber("forked", unit, 2, Imported + 5 * Day, "hailong 0.3.0", "forked-2z");
        broken.header.previousDigestHex = "elsewhere";
        store->importBatch(broken, "forked-2z.hlbatch", Imported);
        store->importBatch(batchNumber("forked", unit, 2, Imported + Day, "hailong 0.4.1", "forked-2a"),
                           "forked-2a.hlbatch", Imported + 2 * Day);

        const std::vector<KioskStatus> all = store->kiosks();
        const KioskStatus& ahead = statusOf(all, "ahead");
        CHECK(ahead.clockAheadMs == 3 * Day);
        CHECK(ahead.program == "hailong 0.4.0");
        CHECK(ahead.lastBatch == 2);
        const KioskStatus& behind = statusOf(all, "behind");
        CHECK(behind.clockAheadMs == 0);
        CHECK(behind.program == "hailong 0.4.0");
        const KioskStatus& forked = statusOf(all, "forked");
        CHECK(forked.clockAheadMs == 0);
        CHECK(forked.program == "hailong 0.4.1");
        CHECK(forked.heldBatches == 2);
        const KioskStatus& silent = statusOf(all, "silent");
        CHECK(silent.clockAheadMs == 0);
        CHECK(silent.program.empty());
        CHECK(silent.batches == 0);
    }
}

TEST_CASE("kiosk status: an SQLite store of schema 4 learns the program of each kiosk's latest batch from its "
          "stored file, its figures kept",
          "[hq][kiosks]") {
    const ConflictFiles files;
    TempDir dir;
    Report before;
    std::vector<KioskStatus> kiosksBefore;
    {
        SqliteHqStore store(dir / "hq.db");
        files.trust(store);
        importBatchFiles(store, files.all, T0 + 29 * Day);  // exported at T0 + 30 days: a day ahead
        before = buildReport(store, ReportQuery{});
        kiosksBefore = store.kiosks();
        downgradeToSchema4(store.db());
    }
    {
        SQLite::Database old((dir / "hq.db").string(), SQLite::OPEN_READWRITE);
        REQUIRE(old.execAndGet("PRAGMA user_version").getInt() == 4);
        REQUIRE(old.execAndGet("SELECT count(*) FROM pragma_table_info('batches') WHERE name = 'program'").getInt() ==
                0);
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == SqliteHqStore::SchemaVersion);
    const std::vector<KioskStatus> after = store.kiosks();
    REQUIRE(after.size() == 2);
    REQUIRE(kiosksBefore.size() == 2);
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(kiosksBefore[i].program == "hailong test");
        CHECK(after[i].program == "hailong test");
        CHECK(after[i].clockAheadMs == Day);
        CHECK(after[i].clockAheadMs == kiosksBefore[i].clockAheadMs);
        CHECK(after[i].responses == kiosksBefore[i].responses);
        CHECK(after[i].heldBatches == kiosksBefore[i].heldBatches);
    }
    // Only the latest batches learnt it: the others keep ''.
    CHECK(store.db().execAndGet("SELECT count(*) FROM batches WHERE program <> ''").getInt() == 2);
    const Report now = buildReport(store, ReportQuery{});
    CHECK(now.total.ratings == before.total.ratings);
    CHECK(now.total.satisfied == before.total.satisfied);
    CHECK(now.total.misuse == before.total.misuse);
    CHECK(now.total.superseded == before.total.superseded);
    CHECK(before.total.ratings > 0);
}

TEST_CASE("kiosk status: a PostgreSQL store of schema 4 learns the program of each kiosk's latest batch from its "
          "stored file, its figures kept",
          "[pg][hq][kiosks]") {
    const ConflictFiles files;
    const std::string uri = PgCluster::shared().createDatabase("kiosk_status_4");
    Report before;
    {
        PgHqStore store(uri);
        files.trust(store);
        importBatchFiles(store, files.all, T0 + 29 * Day);
        before = buildReport(store, ReportQuery{});
        store.connection().execScript(  // as a program of version 4 left it
            "DROP TABLE hq_packages; DROP TABLE hq_accounts; DROP TABLE data_version; ALTER TABLE batches DROP COLUMN "
            "program; "
            "UPDATE hailong_schema SET version = 4");
    }
    PgHqStore store(uri);
    CHECK(store.connection().exec("SELECT max(version) FROM hailong_schema").int64(0, 0) == PgHqStore::SchemaVersion);
    const std::vector<KioskStatus> after = store.kiosks();
    REQUIRE(after.size() == 2);
    for (const KioskStatus& k : after) {
        CHECK(k.program == "hailong test");
        CHECK(k.clockAheadMs == Day);
    }
    CHECK(store.connection().exec("SELECT count(*) FROM batches WHERE program <> ''").int64(0, 0) == 2);
    const Report now = buildReport(store, ReportQuery{});
    CHECK(now.total.ratings == before.total.ratings);
    CHECK(now.total.satisfied == before.total.satisfied);
    CHECK(now.total.misuse == before.total.misuse);
    CHECK(before.total.ratings > 0);
}
