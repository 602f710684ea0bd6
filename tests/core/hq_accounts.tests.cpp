// The web application's accounts in every headquarters store, and the data version a cache of
// figures asks on every request (hq_store.h): it moves with what a report reads, whoever wrote
// it, and stays put for reads, accounts and sign-ins.
#include "hq/hq_import.h"
#include "hq/report.h"
#include "support/conflict_files.h"
#include "support/hq_fixture.h"
#include "support/hq_stores.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace hailong::core;
using namespace hailong::test;

namespace {

constexpr std::int64_t Now = T0 + 40 * 86'400'000LL;

HqAccount analyst(const std::string& name) {
    return HqAccount{name,           "analyst", "CA-NA", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                     "Nguyễn Văn A", Now,       Now + 1, false};
}

bool same(const HqAccount& a, const HqAccount& b) {
    return a.name == b.name && a.role == b.role && a.unit == b.unit && a.passwordHash == b.passwordHash &&
           a.displayName == b.displayName && a.createdUtcMs == b.createdUtcMs &&
           a.passwordChangedUtcMs == b.passwordChangedUtcMs && a.disabled == b.disabled;
}

}  // namespace

TEST_CASE("accounts: stored, replaced, listed by name and removed, in every store", "[hq][accounts]") {
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const std::string target = storeTarget(kind, dir, "accounts");
        const auto store = openStore(target);
        CHECK(store->accounts().empty());
        CHECK_FALSE(store->account("nobody").has_value());
        CHECK_FALSE(store->removeAccount("nobody"));

        const HqAccount b = analyst("b.tran");
        HqAccount a = analyst("a.nguyen");
        a.role = "admin";
        a.unit = "";
        a.displayName = "";
        store->putAccount(b);
        store->putAccount(a);
        const auto read = store->account("b.tran");
        REQUIRE(read.has_value());
        CHECK(same(*read, b));
        auto all = store->accounts();
        REQUIRE(all.size() == 2);
        CHECK(all[0].name == "a.nguyen");  // by name
        CHECK(same(all[0], a));
        CHECK(all[1].name == "b.tran");

        HqAccount changed = b;  // the same name: replaced, not added
        changed.role = "viewer";
        changed.passwordHash = "$argon2id$v=19$m=65536,t=2,p=1$bmV3$bmV3aGFzaA";
        changed.passwordChangedUtcMs = Now + 99;
        changed.disabled = true;
        store->putAccount(changed);
        CHECK(store->accounts().size() == 2);
        CHECK(same(store->account("b.tran").value(), changed));

        CHECK(store->removeAccount("b.tran"));
        CHECK_FALSE(store->account("b.tran").has_value());
        CHECK_FALSE(store->removeAccount("b.tran"));
        REQUIRE(store->accounts().size() == 1);
        CHECK(store->accounts()[0].name == "a.nguyen");

        const auto again = openStore(target);  // another connection
        REQUIRE(again->accounts().size() == 1);
        CHECK(same(again->accounts()[0], a));
    }
}

TEST_CASE("data version: unchanged by reads, accounts and sign-ins, changed by every write a report reads, from "
          "any connection",
          "[hq][accounts]") {
    const ConflictFiles files;
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const std::string target = storeTarget(kind, dir, "data_version");
        const auto store = openStore(target);
        files.trust(*store);
        std::string v = store->dataVersion();
        CHECK_FALSE(v.empty());

        // Reads leave it as it is.
        (void)buildReport(*store, ReportQuery{});
        (void)store->kiosks();
        (void)store->batches("", false);
        (void)store->auditLog();
        CHECK(store->dataVersion() == v);
        // So do accounts and the audit log (sign-ins).
        store->putAccount(analyst("a.nguyen"));
        store->putAccount(analyst("a.nguyen"));
        CHECK(store->removeAccount("a.nguyen"));
        store->recordAudit(HqAuditEntry{Now, "a.nguyen", "sign-in", "from 10.0.0.7"});
        CHECK(store->dataVersion() == v);

        // A batch imported by another connection (another process would be the same).
        {
            const auto other = openStore(target);
            CHECK(other->dataVersion() == v);
            const ImportSummary s = importBatchFiles(*other, {files.a1.file, files.a2.file}, Now);
            CHECK(s.refused == 0);
        }
        const std::string afterImport = store->dataVersion();
        CHECK(afterImport != v);
        CHECK(store->dataVersion() == afterImport);  // asked again: the same
        // The same batch again: nothing stored, nothing changed.
        importBatchFiles(*store, {files.a1.file}, Now);
        CHECK(store->dataVersion() == afterImport);

        // A decision (on a fork, held apart).
        importBatchFiles(*store, {files.a3.file, files.a3x.file}, Now);
        v = store->dataVersion();
        CHECK(v != afterImport);
        REQUIRE(store->batches("", true).size() == 2);
        REQUIRE_FALSE(store->decide(files.a.kioskId(), 3, files.a3x.digest, BatchDecision::SetAside, "analyst",
                                    "restored copy", Now));
        const std::string afterDecide = store->dataVersion();
        CHECK(afterDecide != v);
        // A decision refused changes nothing.
        CHECK(store->decide(files.a.kioskId(), 9, files.a3x.digest, BatchDecision::Count, "analyst", "none", Now));
        CHECK(store->dataVersion() == afterDecide);

        // The unit registry replaced: seen by another connection too.
        store->replaceImportedUnits({UnitRow{"CA-NA", "Công an tỉnh Nghệ An", "", "province", "", UnitRow::Always,
                                             UnitRow::Open, "", "units.csv", 2}});
        const std::string afterUnits = store->dataVersion();
        CHECK(afterUnits != afterDecide);
        CHECK(openStore(target)->dataVersion() == afterUnits);

        // A file refused.
        store->recordRefused(RefusedFile{"bad.hlbatch", "digest does not match", Now});
        const std::string afterRefused = store->dataVersion();
        CHECK(afterRefused != afterUnits);
        CHECK(openStore(target)->dataVersion() == afterRefused);
    }
}

TEST_CASE("data version: another store's versions never compare equal", "[hq][accounts]") {
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        CHECK(makeStore(kind, dir, "first")->dataVersion() != makeStore(kind, dir, "second")->dataVersion());
    }
}

TEST_CASE("an SQLite store of schema 4 gains accounts and the data version in place, its figures kept",
          "[hq][accounts]") {
    TempDir dir;
    Report before;
    {
        Hq hq;
        before = buildReport(hq.store, ReportQuery{});
        downgradeToSchema4(hq.store.db());
        hq.store.sync();
        std::filesystem::copy_file(hq.dir / "hq.db", dir / "hq.db");
    }
    {
        SQLite::Database old((dir / "hq.db").string(), SQLite::OPEN_READWRITE);
        REQUIRE(old.execAndGet("PRAGMA user_version").getInt() == 4);
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == SqliteHqStore::SchemaVersion);
    const Report after = buildReport(store, ReportQuery{});
    CHECK(after.total.ratings == before.total.ratings);
    CHECK(after.total.satisfied == before.total.satisfied);
    CHECK(after.total.misuse == before.total.misuse);
    CHECK(after.total.superseded == before.total.superseded);
    CHECK(before.total.ratings > 0);
    CHECK(store.accounts().empty());
    const std::string v = store.dataVersion();
    store.putAccount(analyst("a.nguyen"));
    CHECK(store.account("a.nguyen").has_value());
    store.recordRefused(RefusedFile{"bad.hlbatch", "digest does not match", Now});
    CHECK(store.dataVersion() != v);
}

TEST_CASE("a PostgreSQL store of schema 4 gains accounts and the data version in place, its figures kept",
          "[pg][hq][accounts]") {
    const Hq hq;  // the hand-made data in SQLite: the reference
    const Report before = buildReport(hq.store, ReportQuery{});
    const std::string uri = PgCluster::shared().createDatabase("hq_schema_4");
    {
        PgHqStore store(uri);
        importHandMade(store);
        store.connection().execScript(  // as a program of version 4 left it
            "DROP TABLE hq_accounts; DROP TABLE data_version; UPDATE hailong_schema SET version = 4");
    }
    PgHqStore store(uri);
    CHECK(store.connection().exec("SELECT max(version) FROM hailong_schema").int64(0, 0) == PgHqStore::SchemaVersion);
    const Report after = buildReport(store, ReportQuery{});
    CHECK(after.total.ratings == before.total.ratings);
    CHECK(after.total.satisfied == before.total.satisfied);
    CHECK(after.total.misuse == before.total.misuse);
    CHECK(after.total.superseded == before.total.superseded);
    CHECK(store.accounts().empty());
    const std::string v = store.dataVersion();
    store.putAccount(analyst("a.nguyen"));
    CHECK(store.account("a.nguyen").has_value());
    CHECK(store.dataVersion() == v);
    store.recordRefused(RefusedFile{"bad.hlbatch", "digest does not match", Now});
    CHECK(store.dataVersion() != v);
}
