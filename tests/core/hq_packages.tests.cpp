// The receipts a package carries (only batches counted are acknowledged) and the package serial
// (each once, in two processes at once too), in every store (support/hq_stores.h); the store's
// schema 6 migrated in place from 5.
#include "batch/batch_format.h"
#include "hq/hq_import.h"
#include "hq/receipts.h"
#include "support/conflict_files.h"
#include "support/hq_fixture.h"
#include "support/hq_stores.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

using namespace hailong::core;
using namespace hailong::test;

namespace {
constexpr std::int64_t Now = T0 + 40 * 86'400'000LL;

PackageRecord record(const std::string& target, std::int64_t serial) {
    return PackageRecord{
        0, target, Now, "hailong-pkg-" + std::to_string(serial) + ".hlpack", std::string(64, 'd'), "receipts 2"};
}
}  // namespace

TEST_CASE("contract: receipts acknowledge the batches counted, not those held apart", "[hq][contract][packages]") {
    const ConflictFiles files;
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "receipts");
        // A registered at another unit than its batches name: its batches' heads tell where it is.
        KioskKeyFile aKey = files.a.keyFile();
        aKey.unit.code = "CA-OLD";
        store->trust(aKey, 1);
        store->trust(files.b.keyFile(), 1);
        // Nothing imported yet: nothing acknowledged, the unit as registered.
        BatchReceipt none = batchReceipt(*store, files.a.kioskId());
        CHECK(none.kioskId == files.a.kioskId());
        CHECK(none.upTo == 0);
        CHECK(none.lastNumber == 0);
        CHECK(none.lastDigestHex.empty());
        CHECK(kiosksOfUnit(*store, "CA-NA") == std::vector<std::string>{files.b.kioskId()});
        CHECK(kiosksOfUnit(*store, "CA-OLD") == std::vector<std::string>{files.a.kioskId()});

        importBatchFiles(*store, files.all, Now);
        // A: 1, 2 and 4x counted; 3 and 3x held apart (a fork). Every batch 1..2 is held.
        const BatchReceipt a = batchReceipt(*store, files.a.kioskId());
        CHECK(a.upTo == 2);
        CHECK(a.lastNumber == 4);
        CHECK(a.lastDigestHex == files.a4x.digest);
        const auto a4x = readBatchFile(files.a4x.file);
        REQUIRE(a4x);
        CHECK(a.lastSeqLast == a4x->header.seqLast);
        CHECK(a.lastAuditLast == a4x->header.auditLast);
        // B: 1 counted; 2 (chain break) and 3 (overlap) held.
        const BatchReceipt b = batchReceipt(*store, files.b.kioskId());
        CHECK(b.upTo == 1);
        CHECK(b.lastNumber == 1);
        CHECK(b.lastDigestHex == files.b1.digest);
        const auto b1 = readBatchFile(files.b1.file);
        REQUIRE(b1);
        CHECK(b.lastSeqLast == b1->header.seqLast);
        CHECK(b.lastAuditLast == b1->header.auditLast);

        // The unit each kiosk is at comes from its latest batch's head.
        std::vector<std::string> both{files.a.kioskId(), files.b.kioskId()};
        std::sort(both.begin(), both.end());
        CHECK(kiosksOfUnit(*store, "CA-NA") == both);
        CHECK(kiosksOfUnit(*store, "CA-OLD").empty());
        // A kiosk not registered: nothing held.
        CHECK(batchReceipt(*store, "00000000-0000-4000-8000-0000000000ff").upTo == 0);
    }
}

TEST_CASE("contract: package serials count 1, 2, 3 and are never given twice, even at once",
          "[hq][contract][packages]") {
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const std::string target = storeTarget(kind, dir, "serials");
        const auto store = openStore(target);
        CHECK(store->packages().empty());
        const PackageRecord first = store->recordPackage([](std::int64_t s) { return record("unit CA-NA", s); });
        CHECK(first.serial == 1);
        CHECK(store->recordPackage([](std::int64_t s) { return record("unit CA-NA", s); }).serial == 2);
        // A package that could not be made takes nothing.
        CHECK_THROWS_AS(store->recordPackage([](std::int64_t) -> PackageRecord { throw std::runtime_error("disk"); }),
                        std::runtime_error);
        const PackageRecord third = store->recordPackage([](std::int64_t s) { return record("kiosk k", s); });
        CHECK(third.serial == 3);
        const auto all = store->packages();
        REQUIRE(all.size() == 3);
        CHECK(all[0].serial == 1);
        CHECK(all[0].target == "unit CA-NA");
        CHECK(all[0].madeUtcMs == Now);
        CHECK(all[0].fileName == "hailong-pkg-1.hlpack");
        CHECK(all[0].digestHex == std::string(64, 'd'));
        CHECK(all[0].carried == "receipts 2");
        CHECK(all[2].target == "kiosk k");

        // Two programs at once, each with its own connection: every serial once.
        std::vector<std::int64_t> got[2];
        std::thread workers[2];
        for (int w = 0; w < 2; ++w)
            workers[w] = std::thread([&, w] {
                const auto own = openStore(target);
                for (int i = 0; i < 15; ++i)
                    got[w].push_back(own->recordPackage([](std::int64_t s) {
                                            std::this_thread::yield();
                                            return record("unit CA-NA", s);
                                        })
                                         .serial);
            });
        for (auto& t : workers) t.join();
        std::set<std::int64_t> serials(got[0].begin(), got[0].end());
        serials.insert(got[1].begin(), got[1].end());
        CHECK(serials.size() == 30);
        CHECK(*serials.begin() == 4);
        CHECK(*serials.rbegin() == 33);
        CHECK(store->packages().size() == 33);
    }
}

TEST_CASE("an SQLite store of schema 5 gains the package table in place, its figures kept", "[hq][packages]") {
    const ConflictFiles files;
    TempDir dir;
    std::int64_t before = 0;
    {
        SqliteHqStore store(dir / "hq.db");
        files.trust(store);
        importBatchFiles(store, files.all, Now);
        before = store.responseCount();
        downgradeToSchema5(store.db());
    }
    {
        SQLite::Database old((dir / "hq.db").string(), SQLite::OPEN_READWRITE);
        REQUIRE(old.execAndGet("PRAGMA user_version").getInt() == 5);
        REQUIRE(old.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'hq_packages'").getInt() == 0);
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == 8);  // 6, the comments of 7, their index of 8
    CHECK(SqliteHqStore::SchemaVersion == 8);
    CHECK(store.responseCount() == before);
    CHECK(store.packages().empty());
    CHECK(store.recordPackage([](std::int64_t s) { return record("unit CA-NA", s); }).serial == 1);
    CHECK(batchReceipt(store, files.a.kioskId()).upTo == 2);
}

TEST_CASE("a PostgreSQL store of schema 5 gains the package table in place, its figures kept", "[pg][hq][packages]") {
    const ConflictFiles files;
    const std::string uri = PgCluster::shared().createDatabase("hq_schema_5");
    std::int64_t before = 0;
    {
        PgHqStore store(uri);
        files.trust(store);
        importBatchFiles(store, files.all, Now);
        before = store.responseCount();
        store.connection().execScript(
            "DROP TABLE comments; DROP TABLE hq_packages; UPDATE hailong_schema SET version = 5");
    }
    PgHqStore store(uri);
    CHECK(store.connection().exec("SELECT max(version) FROM hailong_schema").int64(0, 0) == 8);  // 6, 7, 8
    CHECK(PgHqStore::SchemaVersion == 8);
    CHECK(store.responseCount() == before);
    CHECK(store.packages().empty());
    CHECK(store.recordPackage([](std::int64_t s) { return record("unit CA-NA", s); }).serial == 1);
    CHECK(batchReceipt(store, files.a.kioskId()).upTo == 2);
}
