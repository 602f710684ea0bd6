// Sections 8-10 of hailong-bench (see hailong_bench.cpp): headquarters on PostgreSQL (issue 17),
// and how import and report times grow with the number of responses on both stores.
//
// Every section starts a throwaway PostgreSQL cluster of its own (tests/support/pg_cluster.h:
// Debian's initdb and pg_ctl, as user hailong-test when root) under $HAILONG_PG_TMPDIR, else
// --dir (real disk: the data is gigabytes), and removes it at the end. Never a running server.
// The cluster runs with fsync off, synchronous_commit off and shared_buffers 64MB, for the store
// and its reference alike.
#include "base/clock.h"
#include "batch/batch_format.h"
#include "hq/hq_import.h"
#include "hq/pg_connection.h"
#include "hq/pg_hq_store.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "hq_data.h"
#include "support/pg_cluster.h"
#include "table.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace hailong::bench {

namespace {

// [SECTION] The cluster

/// A throwaway cluster under $HAILONG_PG_TMPDIR or --dir; prints where and how it runs.
std::unique_ptr<test::PgCluster> startCluster(const Options& o) {
    ::setenv("HAILONG_PG_TMPDIR", o.dir.c_str(), 0);  // not overwritten when set
    auto cluster = std::make_unique<test::PgCluster>();
    core::PgConnection c(cluster->uri());
    note(format("(a throwaway PostgreSQL %s cluster under %s, started in %.1f s; fsync off, synchronous_commit off, "
                "shared_buffers %s)",
                std::string(c.exec("SHOW server_version").text(0, 0)).c_str(), std::getenv("HAILONG_PG_TMPDIR"),
                static_cast<double>(cluster->startupMs()) / 1000,
                std::string(c.exec("SHOW shared_buffers").text(0, 0)).c_str()));
    return cluster;
}

double freeGb(const fs::path& dir) {
    struct statvfs s {};
    if (::statvfs(dir.c_str(), &s) != 0) return 0;
    return static_cast<double>(s.f_bavail) * static_cast<double>(s.f_frsize) / 1e9;
}

/// Refuses to start (throws) when --dir has less than `gb` free.
void needDisk(const Options& o, double gb) {
    const double free = freeGb(o.dir);
    if (free < gb)
        throw std::runtime_error(
            format("%.0f GB free under %s, this section needs about %.0f GB", free, o.dir.c_str(), gb));
}

/// What the server says a store's database takes.
std::string databaseSize(core::PgConnection& db) {
    return std::string(db.exec("SELECT pg_size_pretty(pg_database_size(current_database()))").text(0, 0));
}

/// Imports every batch file in folder, sync() included; milliseconds.
double timedImport(core::HqStore& hq, const fs::path& folder, std::int64_t nowUtcMs, std::int64_t expected) {
    const auto t0 = Steady::now();
    const core::ImportSummary s = core::importBatchFiles(hq, core::batchFilesIn({folder}), nowUtcMs);
    hq.sync();
    const double ms = msSince(t0);
    if (s.refused != 0 || s.newResponses != expected)
        throw std::runtime_error(format("import into %s: %d files refused, %lld new of %lld", hq.describe().c_str(),
                                        s.refused, static_cast<long long>(s.newResponses),
                                        static_cast<long long>(expected)));
    return ms;
}

}  // namespace

// [SECTION] 8. import into PostgreSQL against COPY

void pgImportSection(const Options& o) {
    section(format("8. import %d responses from %d kiosks into PostgreSQL", o.importResponses, o.importKiosks));
    needDisk(o, 4);
    TempDir dir(o.dir, "hailong-bench-pgimport-");
    const fs::path batches = dir.path() / "batches";
    const fs::path csvPath = dir.path() / "responses.csv";
    std::FILE* csv = std::fopen(csvPath.c_str(), "w");
    if (!csv) return failed("cannot write " + csvPath.string());
    const auto fill0 = Steady::now();
    const std::int64_t t0 = 1'735'689'600'000;
    const int perBatch = std::max(1, o.importResponses / o.importKiosks);
    const MadeBatches made = writeBatches(dir.path(), batches, o.importKiosks, 1, perBatch, t0, 600'000, csv);
    std::fclose(csv);
    const std::int64_t total = std::int64_t{perBatch} * o.importKiosks;
    note(format("(the batches of section 5 and the same responses as CSV written in %.1f s, untimed)",
                msSince(fill0) / 1000));
    const auto cluster = startCluster(o);
    ::sync();

    // The reference: COPY of the responses as rows into a table keyed by uuid (section 5's
    // sqlite3 reference, on PostgreSQL), sent from the CSV file as a client sends it.
    core::PgConnection ref(cluster->createDatabase("bench_reference"));
    ref.execScript("CREATE TABLE responses (uuid text PRIMARY KEY, kiosk_id text, seq bigint, unit_code text, "
                   "unit_level text, dossier_code text, questionnaire_id text, overall text, started_utc_ms bigint, "
                   "ended_utc_ms bigint, end_reason text)");
    const auto r0 = Steady::now();
    std::int64_t copied = 0;
    {
        std::FILE* in = std::fopen(csvPath.c_str(), "r");
        if (!in) return failed("cannot read " + csvPath.string());
        core::PgCopyIn copy(ref, "COPY responses FROM STDIN (FORMAT csv)");
        std::string buf(1 << 20, '\0');
        while (const std::size_t n = std::fread(buf.data(), 1, buf.size(), in)) copy.putCopyData({buf.data(), n});
        std::fclose(in);
        copied = copy.endCopy();
    }
    const double referenceMs = msSince(r0);
    if (copied != total) return failed(format("COPY stored %lld rows", static_cast<long long>(copied)));
    ref.exec("CHECKPOINT");  // the import does not write the reference's dirty pages

    core::PgHqStore hq(cluster->createDatabase("bench_hq"));
    for (const std::string& id : made.kiosks) hq.trust(core::KioskKeyFile{id, made.publicKeyHex, {}}, 0);
    const double importMs = timedImport(hq, batches, t0 + 400LL * 86'400'000, total);
    row("PostgreSQL COPY of the same responses as rows (reference)",
        format("%.2f s, table %s", referenceMs / 1000, databaseSize(ref).c_str()));
    row("import: verify, dedupe, store (a transaction a file)",
        format("%.2f s, %.2fx faster, %s", importMs / 1000, referenceMs / importMs,
               databaseSize(hq.connection()).c_str()),
        "faster than ref", importMs < referenceMs);
}

// [SECTION] 9. reports on PostgreSQL

void pgReportSection(const Options& o) {
    const int kiosks = TwoLevelState::kiosksFor(o.reportResponses);
    const std::int64_t total = std::int64_t{kiosks} * TwoLevelState::PerBatch * TwoLevelState::Batches;
    section(format("9. report over %lld responses on PostgreSQL (section 7's data: %d kiosks of %d communes, "
                   "2 years across 1 July 2025)",
                   static_cast<long long>(total), kiosks, TwoLevelState::Communes));
    needDisk(o, 2.0 + 0.5 * static_cast<double>(total) / 1e6);
    TempDir dir(o.dir, "hailong-bench-pgreport-");
    const fs::path batches = dir.path() / "batches";
    const TwoLevelState state;
    const auto w0 = Steady::now();
    const MadeBatches made = state.write(dir.path(), batches, kiosks);
    const double writeMs = msSince(w0);
    const auto cluster = startCluster(o);
    core::PgHqStore hq(cluster->createDatabase("bench_report"));
    state.prepare(hq, made);
    const double importMs = timedImport(hq, batches, TwoLevelState::T0 + 800LL * 86'400'000, total);
    fs::remove_all(batches);
    const auto a0 = Steady::now();
    hq.connection().exec("VACUUM ANALYZE");  // what autovacuum does after a big import
    const core::PgResult sizes = hq.connection().exec(
        "SELECT (SELECT count(*) FROM tallies_month), (SELECT count(*) FROM tallies_unit_month), "
        "(SELECT count(*) FROM tallies_day)");
    note(format("(filled the honest way: batch files written in %.1f s, imported with importBatchFiles in %.1f s "
                "(%.0f responses/s), VACUUM ANALYZE %.1f s, all untimed; database %s; tallies: %s month rows, "
                "%s month rows per unit, %s day rows)",
                writeMs / 1000, importMs / 1000, static_cast<double>(total) / importMs * 1000, msSince(a0) / 1000,
                databaseSize(hq.connection()).c_str(), std::string(sizes.text(0, 0)).c_str(),
                std::string(sizes.text(0, 1)).c_str(), std::string(sizes.text(0, 2)).c_str()));
    provinceReports(hq, 1000);
}

// [SECTION] 10. growth

namespace {

/// One store's figures at one size.
struct Grown {
    std::int64_t ratings = 0;  ///< what the report counted
    double importMs = 0;
    double reportMs = 0;      ///< the first run, as sections 6, 7 and 9 time it
    double warmReportMs = 0;  ///< the better of two runs after it
    bool importExtrapolated = false;
};

/// The growth table's report (by province --as-of, all time), three times; the ratings it counted.
Grown timeGrowthReport(const core::HqStore& hq, Grown g) {
    for (int run = 0; run < 3; ++run) {
        const auto t0 = Steady::now();
        const core::Report r = core::buildReport(hq, provinceAsOfQuery());
        const double ms = msSince(t0);
        if (run == 0) g.reportMs = ms;
        g.warmReportMs = run == 1 ? ms : std::min(g.warmReportMs, ms);
        g.ratings = r.total.ratings;
    }
    return g;
}

/// Copies every unit context (no officer, no procedure) `copies` times under a new counter
/// ("Quầy 1 #2", ...) with its month-by-unit tallies: the tallies `copies` + 1 times the kiosks
/// in the same communes would make, which is all a whole-month report by unit, province or
/// month reads. Day and officer tallies are not copied. Same SQL on SQLite and PostgreSQL.
std::vector<std::string> cloneSql(int copies) {
    std::vector<std::string> sql{"CREATE TEMP TABLE bench_copies (n integer NOT NULL)"};
    for (int c = 2; c <= copies + 1; ++c) sql.push_back(format("INSERT INTO bench_copies VALUES (%d)", c));
    sql.push_back("INSERT INTO contexts (unit_code, unit_name, unit_level, counter, officer_id, procedure_code, "
                  "questionnaire_id, questionnaire_version) SELECT o.unit_code, o.unit_name, o.unit_level, "
                  "o.counter || ' #' || k.n, o.officer_id, o.procedure_code, o.questionnaire_id, "
                  "o.questionnaire_version FROM contexts o CROSS JOIN bench_copies k WHERE o.officer_id = '' AND "
                  "o.procedure_code = '' AND o.counter NOT LIKE '% #%'");
    sql.push_back("ANALYZE contexts");  // PostgreSQL: a hash join below, not a nested loop
    sql.push_back("INSERT INTO tallies_unit_month (month, context, question, scale, value, flags, n, dossiers) "
                  "SELECT t.month, c.id, t.question, t.scale, t.value, t.flags, t.n, t.dossiers "
                  "FROM tallies_unit_month t JOIN contexts o ON o.id = t.context CROSS JOIN bench_copies k "
                  "JOIN contexts c ON c.unit_code = o.unit_code AND c.unit_name = o.unit_name AND "
                  "c.unit_level = o.unit_level AND c.counter = o.counter || ' #' || k.n AND c.officer_id = '' AND "
                  "c.procedure_code = '' AND c.questionnaire_id = o.questionnaire_id AND "
                  "c.questionnaire_version = o.questionnaire_version "
                  "WHERE o.officer_id = '' AND o.procedure_code = '' AND o.counter NOT LIKE '% #%'");
    sql.push_back("DROP TABLE bench_copies");
    return sql;
}

void growthRow(const char* store, const Grown& g, const Grown& base, bool withBar) {
    const std::string import = g.importExtrapolated
                                   ? format("import ~%.0f s EXTRAPOLATED", g.importMs / 1000)
                                   : format("import %.1f s (x%.1f)", g.importMs / 1000, g.importMs / base.importMs);
    row(format("%s, %lld ratings", store, static_cast<long long>(g.ratings)),
        format("%s, report %.2f s (x%.1f), warm %.2f s", import.c_str(), g.reportMs / 1000, g.reportMs / base.reportMs,
               g.warmReportMs / 1000),
        withBar ? "report 1 s" : "(context)", withBar ? std::optional<bool>(g.reportMs <= 1000) : std::nullopt);
}

}  // namespace

void growthSection(const Options& o) {
    const std::vector<int> sizes{o.importResponses, o.reportResponses};
    section(format("10. growth of import and report time: %d, %d responses%s, on SQLite and PostgreSQL "
                   "(section 7's data; report: by province --as-of, all time)",
                   sizes[0], sizes[1],
                   o.growthCopies ? format(" and %d x that from tallies", o.growthCopies + 1).c_str() : ""));
    needDisk(o, 4.0 + static_cast<double>(sizes[1]) / 1e6);
    TempDir dir(o.dir, "hailong-bench-growth-");
    const TwoLevelState state;
    const auto cluster = startCluster(o);
    std::vector<std::pair<Grown, Grown>> measured;  // SQLite, PostgreSQL by size
    std::unique_ptr<core::SqliteHqStore> lite;
    std::unique_ptr<core::PgHqStore> pg;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const int kiosks = TwoLevelState::kiosksFor(sizes[i]);
        const std::int64_t total = std::int64_t{kiosks} * TwoLevelState::PerBatch * TwoLevelState::Batches;
        const fs::path batches = dir.path() / format("batches-%zu", i);
        const auto w0 = Steady::now();
        const MadeBatches made = state.write(dir.path(), batches, kiosks);
        note(format("(%lld responses of %d kiosks written as batches in %.1f s, untimed)",
                    static_cast<long long>(total), kiosks, msSince(w0) / 1000));
        ::sync();
        const std::int64_t now = TwoLevelState::T0 + 800LL * 86'400'000;
        lite.reset();  // the smaller stores go: disk
        pg.reset();
        fs::remove(dir.path() / "hq.db");
        lite = std::make_unique<core::SqliteHqStore>(dir.path() / "hq.db");
        state.prepare(*lite, made);
        Grown l;
        l.importMs = timedImport(*lite, batches, now, total);
        pg = std::make_unique<core::PgHqStore>(cluster->createDatabase("bench_growth"));
        state.prepare(*pg, made);
        Grown p;
        p.importMs = timedImport(*pg, batches, now, total);
        fs::remove_all(batches);
        pg->connection().exec("VACUUM ANALYZE");  // untimed, as autovacuum would
        measured.emplace_back(timeGrowthReport(*lite, l), timeGrowthReport(*pg, p));
    }
    const auto& [lite0, pg0] = measured.front();
    for (const auto& [l, p] : measured) {
        growthRow("SQLite", l, lite0, true);
        growthRow("PostgreSQL", p, pg0, true);
    }
    if (o.growthCopies <= 0) return;

    const auto c0 = Steady::now();
    {
        SQLite::Transaction tx(lite->db());
        for (const std::string& sql : cloneSql(o.growthCopies)) lite->db().exec(sql);
        tx.commit();
    }
    lite->db().exec("ANALYZE");
    const double liteCloneMs = msSince(c0);
    const auto p0 = Steady::now();
    {
        core::PgTransaction tx(pg->connection());
        for (const std::string& sql : cloneSql(o.growthCopies)) pg->connection().exec(sql);
        tx.commit();
    }
    pg->connection().exec("VACUUM ANALYZE");
    const double pgCloneMs = msSince(p0);
    const int factor = o.growthCopies + 1;
    const std::int64_t unitMonthRows = lite->db().execAndGet("SELECT count(*) FROM tallies_unit_month").getInt64();
    note(format("(%dx: the %d-response stores' unit contexts and month-by-unit tallies copied %d more times under "
                "new counters, as %dx the kiosks in the same communes would make them, %lld month rows per unit; "
                "in %.1f s on SQLite, %.1f s on PostgreSQL, untimed. Day and officer tallies and the batch files "
                "are not copied: a whole-month report does not read them. The import time below is the %d-response "
                "import times %d, EXTRAPOLATED, not measured.)",
                factor, sizes[1], o.growthCopies, factor, static_cast<long long>(unitMonthRows), liteCloneMs / 1000,
                pgCloneMs / 1000, sizes[1], factor));
    const auto grownFrom = [&](const Grown& last, const core::HqStore& hq) {
        Grown g;
        g.importMs = last.importMs * factor;
        g.importExtrapolated = true;
        return timeGrowthReport(hq, g);
    };
    growthRow("SQLite", grownFrom(measured.back().first, *lite), lite0, false);
    growthRow("PostgreSQL", grownFrom(measured.back().second, *pg), pg0, false);
}

}  // namespace hailong::bench
