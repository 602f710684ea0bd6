// Headquarters on PostgreSQL (core/hq/pg_hq_store.h, issue 17): the same files give the same
// figures as the SQLite store, several importers at once count every response once, and a hot
// standby reports what the primary imported. Each on a throwaway cluster (support/pg_cluster.h).
#include "hq/pg_hq_store.h"
#include "hq/hq_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "support/export_kiosk.h"
#include "support/hq_fixture.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::PgCluster;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

const UnitInfo NgheAn{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
constexpr std::int64_t Now = 1'900'000'000'000;

std::string contextText(const TallyContext& c) {
    return c.unitCode + "|" + c.unitName + "|" + c.unitLevel + "|" + c.counter + "|" + c.officerId + "|" +
           c.procedureCode + "|" + c.questionnaireId + "|" + std::to_string(c.questionnaireVersion);
}

/// What a store tells, with contexts by content (their numbers differ between stores); rows that
/// add up to nothing left out (a store may keep one at 0 where the other never wrote it).
std::map<std::string, std::string> figuresOf(const HqStore& store) {
    std::map<std::string, std::string> out;
    std::map<std::int64_t, std::string> contexts;
    for (const auto& [id, c] : store.tallyContexts()) contexts[id] = contextText(c);
    const std::pair<TallyPeriod, const char*> periods[] = {
        {TallyPeriod::Day, "day"}, {TallyPeriod::Month, "month"}, {TallyPeriod::UnitMonth, "unit-month"}};
    for (const auto& p : periods) {
        const std::string name = p.second;  // (no structured binding in the lambda: clang 14 refuses it)
        store.forEachTally(p.first, -1'000'000'000, 1'000'000'000, [&](const TallyRowView& v) {
            if (v.n == 0 && v.dossiers == 0) return;
            const std::string key = name + " " + std::to_string(v.period) + " " + contexts.at(v.context) + " " +
                                    std::string(v.question) + "=" + std::string(v.value) + " (" + std::string(v.scale) +
                                    ") flags " + std::to_string(v.flags);
            CHECK(out.count(key) == 0);
            out[key] = std::to_string(v.n) + " / " + std::to_string(v.dossiers);
        });
    }
    for (const KioskStatus& k : store.kiosks()) {
        std::string missing;
        for (const std::int64_t n : k.missing) missing += std::to_string(n) + ",";
        out["kiosk " + k.kiosk.kioskId] = k.kiosk.unit.code + " batches " + std::to_string(k.batches) + " last " +
                                          std::to_string(k.lastBatch) + " seq " + std::to_string(k.lastSeq) +
                                          " responses " + std::to_string(k.responses) + " contact " +
                                          std::to_string(k.lastContactUtcMs) + " missing " + missing;
    }
    for (const RefusedFile& f : store.refusedFiles()) out["refused " + f.fileName + " " + f.reason] = "";
    out["responses"] = std::to_string(store.responseCount());
    out["report"] = reportCsv(buildReport(store, ReportQuery{}));
    return out;
}

std::string outcomeText(const ImportOutcome& o) {
    std::string s = (o.alreadyImported ? "already " : "") + std::to_string(o.newResponses) + " new, " +
                    std::to_string(o.knownResponses) + " known, " + std::to_string(o.clockSuspect) + " suspect";
    for (const std::string& note : o.notes) s += "; " + note;
    return s;
}

std::vector<std::string> summaryText(const ImportSummary& s) {
    std::vector<std::string> out;
    for (const FileImport& f : s.files)
        out.push_back(fs::path(f.file).filename().string() + ": " +
                      (f.accepted ? outcomeText(f.outcome) : "refused: " + f.reason));
    return out;
}

/// Checks every figure one by one (a failure names the tally that differs).
void requireSame(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
    CHECK(a.size() > 3);
    for (const auto& [key, value] : a) {
        INFO(key);
        CHECK(b.count(key) == 1);
        if (b.count(key)) CHECK(b.at(key) == value);
    }
    for (const auto& [key, value] : b) {
        INFO(key);
        CHECK(a.count(key) == 1);
    }
}

/// The same headquarters twice: in SQLite and on PostgreSQL (a fresh database of the shared cluster).
struct Twin {
    TempDir dir;
    SqliteHqStore sqlite{dir / "hq.db"};
    PgHqStore pg;
    explicit Twin(const std::string& dbname) : pg(PgCluster::shared().createDatabase(dbname)) {}
    void trust(const Kiosk& k) {
        const KioskKeyFile key{k.db.kioskId(), k.keys.publicKeyHex(), NgheAn};
        sqlite.trust(key, 1);
        pg.trust(key, 1);
    }
    /// Imports files into both; the outcomes must be the same.
    std::vector<std::string> import(const std::vector<fs::path>& files, std::int64_t now = Now) {
        const std::vector<std::string> a = summaryText(importBatchFiles(sqlite, files, now));
        const std::vector<std::string> b = summaryText(importBatchFiles(pg, files, now));
        CHECK(a == b);
        return b;
    }
    ImportOutcome importBatch(const Batch& batch, const std::string& name, std::int64_t now = Now) {
        const ImportOutcome a = sqlite.importBatch(batch, name, now);
        const ImportOutcome b = pg.importBatch(batch, name, now);
        CHECK(outcomeText(a) == outcomeText(b));
        return b;
    }
    void requireSameFigures() { requireSame(figuresOf(sqlite), figuresOf(pg)); }
};

}  // namespace

TEST_CASE("a new PostgreSQL database gets the headquarters schema, kept when opened again", "[pg][hq]") {
    PgCluster& cluster = PgCluster::shared();
    const std::string uri = cluster.createDatabase("hq_schema");
    {
        PgHqStore store(uri);
        CHECK(store.responseCount() == 0);
        CHECK(store.connection().exec("SELECT version FROM hailong_schema").int64(0, 0) == PgHqStore::SchemaVersion);
        store.trust(KioskKeyFile{"kiosk-a", std::string(64, 'a'), NgheAn}, 5);
    }
    PgHqStore again(uri);  // opened again: migrated already, data kept
    CHECK(again.connection().exec("SELECT count(*) FROM hailong_schema").int64(0, 0) == 1);
    REQUIRE(again.kiosk("kiosk-a"));
    CHECK(again.kiosk("kiosk-a")->trustedUtcMs == 5);

    SECTION("a newer schema is refused with a clear message") {
        again.connection().exec("UPDATE hailong_schema SET version = 99");
        CHECK_THROWS_WITH(PgHqStore(uri),
                          Catch::Contains("schema version 99 is newer") && Catch::Contains("hq_schema"));
    }
    SECTION("a database of another program is refused") {
        PgConnection other(cluster.createDatabase("hq_schema_other"));
        other.execScript("CREATE TABLE invoices (id int)");
        CHECK_THROWS_WITH(PgHqStore(cluster.uri("hq_schema_other")), Catch::Contains("tables of another program"));
    }
}

TEST_CASE("kiosks, refused files and imported units read back as the SQLite store reads them", "[pg][hq]") {
    Twin twin("hq_basics");
    for (HqStore* s : {static_cast<HqStore*>(&twin.sqlite), static_cast<HqStore*>(&twin.pg)}) {
        s->trust(KioskKeyFile{"kiosk-b", std::string(64, 'b'), {"CA-X", "Công an xã X", "commune", "Quầy 2"}}, 7);
        s->trust(KioskKeyFile{"kiosk-a", std::string(64, 'a'), NgheAn}, 5);
        s->trust(KioskKeyFile{"kiosk-a", std::string(64, 'c'), NgheAn}, 6);  // re-registered: a new key
        s->recordRefused(RefusedFile{"z.hlbatch", "kiosk not registered", 1});
        s->recordRefused(RefusedFile{"Z.hlbatch", "bad signature", 2});
        s->recordRefused(RefusedFile{"z.hlbatch", "kiosk not registered", 3});  // again: once, latest time
        UnitRow u;
        u.code = "X-1";
        u.nameVi = "Xã \"Một\"\tTab";
        u.nameEn = "Commune One\\";
        u.level = "commune";
        u.parent = "CA-NA";
        u.validFrom = 20'000;
        u.successor = "X-2";
        u.file = "units.csv";
        u.line = 2;
        UnitRow v = u;
        v.code = "X-0";
        v.line = 3;
        v.validFrom = UnitRow::Always;
        s->replaceImportedUnits({v, u});
        s->replaceImportedUnits({u, v});  // replaced, not added
    }
    const auto kiosk = twin.pg.kiosk("kiosk-a");
    REQUIRE(kiosk);
    CHECK(kiosk->publicKeyHex == std::string(64, 'c'));
    CHECK(kiosk->trustedUtcMs == 6);
    CHECK_FALSE(twin.pg.kiosk("kiosk-z"));
    REQUIRE(twin.pg.kiosks().size() == 2);
    CHECK(twin.pg.kiosks()[0].kiosk.kioskId == "kiosk-a");  // by unit code, as SQLite sorts: CA-NA < CA-X
    const auto refused = twin.pg.refusedFiles();
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].fileName == "Z.hlbatch");  // byte order, as in SQLite
    CHECK(refused[1].utcMs == 3);
    const auto units = twin.pg.importedUnits();
    REQUIRE(units.size() == 2);
    CHECK(units[0].nameVi == "Xã \"Một\"\tTab");
    CHECK(units[0].nameEn == "Commune One\\");
    CHECK(units[1].validFrom == UnitRow::Always);
    const auto sqliteUnits = twin.sqlite.importedUnits();
    REQUIRE(sqliteUnits.size() == units.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        CHECK(units[i].code == sqliteUnits[i].code);
        CHECK(units[i].line == sqliteUnits[i].line);
        CHECK(units[i].validTo == sqliteUnits[i].validTo);
    }
    twin.requireSameFigures();
}

TEST_CASE("the same batch files give the same figures on PostgreSQL as in SQLite", "[pg][hq][import]") {
    Kiosk k;
    Kiosk other(2);
    SECTION("two kiosks, three batches each, imported twice") {
        Twin twin("hq_same_twice");
        twin.trust(k);
        twin.trust(other);
        std::vector<fs::path> files;
        for (int b = 0; b < 3; ++b) {
            k.rateMany(7);
            other.rateMany(5);
            files.push_back(k.exportOk(k.out).batchFile);
            files.push_back(other.exportOk(other.out).batchFile);
        }
        twin.import(files);
        const auto again = twin.import(files);
        CHECK_THAT(again.at(0), Catch::StartsWith(files[0].filename().string() + ": already"));
        CHECK(twin.pg.responseCount() == 36);
        twin.requireSameFigures();
    }
    SECTION("a missing batch, then a kiosk clock ahead") {
        Twin twin("hq_same_gap");
        twin.trust(k);
        std::vector<fs::path> files;
        for (int b = 0; b < 3; ++b) {
            k.rateMany(2);
            files.push_back(k.exportOk(k.out).batchFile);
        }
        twin.import({files[0], files[2]});
        CHECK(twin.pg.kiosks().at(0).missing == std::vector<std::int64_t>{2});
        const auto late = twin.import({files[1]}, k.clock.wallMs() - 365LL * 86'400'000);
        CHECK_THAT(late.at(0), Catch::Contains("clock was ahead"));
        twin.requireSameFigures();
    }
    SECTION("a late misuse flag, and a rating replaced in a later batch, in either order") {
        const Response first = k.rate(4, "not_satisfied");  // dossier HS-104
        const fs::path one = k.exportOk(k.out).batchFile;
        Response burst = k.rate(2);
        burst.uuid = k.ids.newUuid();
        burst.endReason = EndReason::InProgress;
        burst.endedUtcMs = burst.endedMonoMs = 0;
        burst.answers.resize(1);
        k.store.begin(burst, {first.uuid});  // flags the first as misuse, by an audit entry
        k.store.finish(burst.uuid, EndReason::Skipped, k.clock.wallMs(), k.clock.monoMs());
        const Response again = k.rate(12, "satisfied");  // HS-104 again: replaces the first
        REQUIRE(again.supersedesUuid == first.uuid);
        const fs::path two = k.exportOk(k.out).batchFile;
        for (const bool inOrder : {true, false}) {
            DYNAMIC_SECTION((inOrder ? "in order" : "the later batch first")) {
                Twin twin(inOrder ? "hq_same_marks" : "hq_same_marks_reversed");
                twin.trust(k);
                twin.import({inOrder ? one : two});
                twin.import({inOrder ? two : one});
                twin.import({one, two});
                const Report r = buildReport(twin.pg, ReportQuery{});
                CHECK(r.total.misuse == 1);
                CHECK(r.total.superseded == 0);  // the replaced rating is counted as misuse, apart
                twin.requireSameFigures();
                const PgResult mark = twin.pg.connection().exec(
                    "SELECT misuse_flags, superseded, applied FROM marks WHERE uuid = $1", {first.uuid});
                REQUIRE(mark.rows() == 1);
                CHECK((mark.int64(0, 0) & misuse::Burst) != 0);
                CHECK(mark.int64(0, 1) == 1);
                CHECK(mark.int64(0, 2) == 1);
            }
        }
    }
    SECTION("a file of a kiosk not registered is refused, recorded once") {
        Twin twin("hq_same_refused");
        twin.trust(k);
        other.rateMany(3);
        k.rateMany(3);
        const std::vector<fs::path> files = {other.exportOk(other.out).batchFile, k.exportOk(k.out).batchFile};
        const auto once = twin.import(files);
        CHECK_THAT(once.at(0), Catch::Contains("refused") && Catch::Contains("not registered"));
        twin.import(files);
        CHECK(twin.pg.refusedFiles().size() == 1);
        twin.requireSameFigures();
    }
}

// Forks, replays, overlapping ranges and chain breaks: the store contract suite
// (hq_store_contract.tests.cpp), on both stores, with real signed files.

TEST_CASE("four importers at once over overlapping sets count every response once, as one importer does",
          "[pg][hq][import][threads]") {
    PgCluster& cluster = PgCluster::shared();
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    std::vector<fs::path> files;
    for (unsigned long long n = 1; n <= 6; ++n) {
        kiosks.push_back(std::make_unique<Kiosk>(n));
        for (int b = 0; b < 4; ++b) {
            kiosks.back()->rateMany(6 + b);
            files.push_back(kiosks.back()->exportOk(kiosks.back()->out).batchFile);
        }
    }
    Twin single("hq_four_single");  // one importer, in SQLite and on PostgreSQL
    for (const auto& k : kiosks) single.trust(*k);
    single.import(files);

    const std::string uri = cluster.createDatabase("hq_four_parallel");
    {
        PgHqStore setUp(uri);
        for (const auto& k : kiosks) setUp.trust(KioskKeyFile{k->db.kioskId(), k->keys.publicKeyHex(), NgheAn}, 1);
    }
    // Each importer: three quarters of the files, shuffled; together every file, most of them 3 times.
    std::vector<std::thread> importers;
    std::vector<std::string> errors(4);
    std::vector<std::int64_t> fresh(4);
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < 4; ++i) {
        importers.emplace_back([&, i] {
            try {
                std::vector<fs::path> mine;
                for (std::size_t f = 0; f < files.size(); ++f)
                    if (f % 4 != i) mine.push_back(files[f]);
                std::shuffle(mine.begin(), mine.end(), std::mt19937(static_cast<unsigned>(i) + 17));
                PgHqStore store(uri);
                fresh[i] = importBatchFiles(store, mine, Now).newResponses;
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    }
    for (std::thread& t : importers) t.join();
    std::printf(
        "4 importers at once, %zu files: %lld ms\n", files.size(),
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()));
    for (const std::string& e : errors) CHECK(e.empty());
    PgHqStore parallel(uri);
    CHECK(parallel.responseCount() == single.pg.responseCount());
    std::int64_t newInAll = 0;
    for (const std::int64_t n : fresh) newInAll += n;
    CHECK(newInAll == single.pg.responseCount());  // each response new for exactly one importer
    requireSame(figuresOf(single.pg), figuresOf(parallel));
    single.requireSameFigures();
}

TEST_CASE("a hot standby reports what the primary imported", "[pg][hq]") {
    PgCluster primary;
    Kiosk k;
    const std::string uri = primary.createDatabase("hq_primary");
    PgHqStore store(uri);
    const std::unique_ptr<PgCluster> standby = primary.makeStandby();
    store.trust(KioskKeyFile{k.db.kioskId(), k.keys.publicKeyHex(), NgheAn}, 1);
    std::vector<fs::path> files;
    for (int b = 0; b < 3; ++b) {
        k.rateMany(9);
        files.push_back(k.exportOk(k.out).batchFile);
    }
    REQUIRE(importBatchFiles(store, files, Now).accepted == 3);
    standby->catchUp();
    PgHqStore replica(standby->uri("hq_primary"));
    CHECK(replica.responseCount() == 27);
    requireSame(figuresOf(store), figuresOf(replica));
    CHECK(reportCsv(buildReport(replica, ReportQuery{})) == reportCsv(buildReport(store, ReportQuery{})));
    // Read-only: an import there is refused, with PostgreSQL's reason.
    k.rateMany(1);
    const auto refused = importBatchFiles(replica, {k.exportOk(k.out).batchFile}, Now);
    REQUIRE(refused.files.size() == 1);
    CHECK_FALSE(refused.files[0].accepted);
    CHECK_THAT(refused.files[0].reason, Catch::Contains("not stored") && Catch::Contains("SQLSTATE"));
    CHECK(replica.responseCount() == 27);
}

namespace {
/// Imports the files in a child process (its own connection) and SIGKILLs it killAfterUs after
/// its start if it is still running. True if it was killed.
bool importAndKill(const std::string& uri, const std::vector<fs::path>& files, std::int64_t killAfterUs) {
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // _exit only: no destructor of the parent's objects (its clusters) may run here
        int code = 0;
        try {
            PgHqStore store(uri);
            code = importBatchFiles(store, files, Now).refused == 0 ? 0 : 3;
        } catch (...) {
            code = 4;
        }
        _exit(code);
    }
    int status = 0;
    pid_t done = 0;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() - t0 < std::chrono::microseconds(killAfterUs))
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    if (done == 0) {
        ::kill(pid, SIGKILL);
        REQUIRE(waitpid(pid, &status, 0) == pid);
    }
    if (WIFEXITED(status)) REQUIRE(WEXITSTATUS(status) == 0);  // finished before the kill: cleanly
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}
}  // namespace

TEST_CASE("an importer killed at any moment leaves the PostgreSQL store consistent, and importing again completes it",
          "[pg][hq][import]") {
    Kiosk a;
    Kiosk b(2);
    std::vector<fs::path> files;
    for (int n = 0; n < 6; ++n) {  // dossiers rated again: ratings replaced across batches too
        a.rateMany(12);
        b.rateMany(9);
        files.push_back(a.exportOk(a.out).batchFile);
        files.push_back(b.exportOk(b.out).batchFile);
    }
    PgCluster& cluster = PgCluster::shared();
    const auto trustBoth = [&](PgHqStore& s) {
        for (const Kiosk* k : {&a, &b}) s.trust(KioskKeyFile{k->db.kioskId(), k->keys.publicKeyHex(), NgheAn}, 1);
    };
    PgHqStore clean(cluster.createDatabase("hq_killed_clean"));
    trustBoth(clean);
    importBatchFiles(clean, files, Now);

    // How long an import takes in a child, uninterrupted: the kills land anywhere in it.
    const std::string timing = cluster.createDatabase("hq_killed_timing");
    {
        PgHqStore s(timing);
        trustBoth(s);
    }
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE_FALSE(importAndKill(timing, files, 60'000'000));
    const auto fullUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);

    const std::string uri = cluster.createDatabase("hq_killed");
    {
        PgHqStore s(uri);
        trustBoth(s);
    }
    std::mt19937 rng(11);
    int kills = 0;
    std::int64_t stored = 0, before = 0;
    for (int round = 0; round < 16; ++round) {
        const int delay = std::uniform_int_distribution<int>(0, static_cast<int>(fullUs.count()))(rng);
        kills += importAndKill(uri, files, delay) ? 1 : 0;
        // Whatever the moment: the responses the batches say were new are exactly those tallied.
        PgHqStore s(uri);
        stored = s.responseCount();
        CHECK(stored >= before);
        before = stored;
        for (const char* table : {"tallies_day", "tallies_month", "tallies_unit_month"}) {
            INFO(table << " after round " << round);
            CHECK(s.connection()
                      .exec(std::string("SELECT coalesce(sum(n), 0) FROM ") + table + " WHERE flags & 16 <> 0")
                      .int64(0, 0) == stored);
        }
    }
    std::printf("importers killed: %d of 16 (an import: %lld ms; %lld of %lld responses stored by then)\n", kills,
                static_cast<long long>(fullUs.count() / 1000), static_cast<long long>(stored),
                static_cast<long long>(clean.responseCount()));
    CHECK(kills > 0);
    PgHqStore finished(uri);
    const ImportSummary last = importBatchFiles(finished, files, Now);
    CHECK(last.refused == 0);
    requireSame(figuresOf(clean), figuresOf(finished));
}

TEST_CASE("a PostgreSQL store of schema 3 is migrated in place to schema 4, its figures kept", "[pg][hq]") {
    const hailong::test::Hq hq;  // the hand-made data in SQLite: the reference
    const Report before = buildReport(hq.store, ReportQuery{});
    const std::string uri = PgCluster::shared().createDatabase("hq_schema_3");
    {
        PgHqStore store(uri);
        hailong::test::importHandMade(store);  // no conflict among them: version 3 counted them alike
        store.connection().execScript(         // as a program of version 3 left it
            "DROP INDEX batches_by_seq; ALTER TABLE batches DROP COLUMN counted; ALTER TABLE batches DROP COLUMN "
            "conflicts; DROP TABLE decisions; DROP TABLE hq_audit; "
            "UPDATE hailong_schema SET version = 3");
    }
    PgHqStore store(uri);
    CHECK(store.connection().exec("SELECT max(version) FROM hailong_schema").int64(0, 0) == PgHqStore::SchemaVersion);
    CHECK(store.responseCount() == hq.store.responseCount());
    CHECK(store.batches("", false).size() == 2);
    CHECK(store.batches("", true).empty());
    const Report after = buildReport(store, ReportQuery{});
    CHECK(after.total.ratings == before.total.ratings);
    CHECK(after.total.satisfied == before.total.satisfied);
    CHECK(after.total.misuse == before.total.misuse);
    CHECK(after.total.superseded == before.total.superseded);
    store.recordAudit(HqAuditEntry{1, "analyst", "decide", "after the migration"});
    CHECK(store.auditLog().size() == 1);
}
