// Sections 5-7 of hailong-bench (see hailong_bench.cpp): headquarters' import of batches and its
// reports, by unit and by province through the unit registry.
#include "base/clock.h"
#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "hq/hq_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "hq_data.h"
#include "process.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "survey/questionnaire.h"
#include "table.h"

#include <SQLiteCpp/Database.h>
#include <sodium.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>

namespace hailong::bench {

// [SECTION] 5. import at headquarters

MadeBatches writeBatches(const fs::path& dir, const fs::path& folder, int kiosks, int batches, int perBatch,
                         std::int64_t t0, std::int64_t everyMs, std::FILE* csv,
                         const std::function<core::UnitInfo(int kiosk, int batch)>& unitOf, const SealOptions& seal) {
    core::SystemClock clock;
    core::RandomIds ids;
    core::KioskDatabase keyDb(dir / "keys.db", clock, ids);
    core::AuditLog keyAudit(keyDb, clock);
    const core::KioskKeys keys = core::KioskKeys::loadOrCreate(dir, keyDb, keyAudit);
    const core::Questionnaire q = core::defaultQuestionnaire();
    static const char* const levels[] = {"central", "province", "district", "commune"};
    MadeBatches made;
    made.publicKeyHex = keys.publicKeyHex();
    fs::create_directories(folder);
    for (int k = 0; k < kiosks; ++k) {
        const std::string kioskId = ids.newUuid();
        made.kiosks.push_back(kioskId);
        const core::UnitInfo kioskUnit{format("U%04d", k % std::max(1, kiosks / 4)),
                                       format("Công an đơn vị %d", k % std::max(1, kiosks / 4)), levels[k % 4],
                                       "Quầy 1"};
        std::string previous;
        for (int b = 1; b <= batches; ++b) {
            const core::UnitInfo unit = unitOf ? unitOf(k, b) : kioskUnit;
            core::BatchHeader h;
            h.kioskId = kioskId;
            h.publicKeyHex = keys.publicKeyHex();
            h.unit = unit;
            h.number = b;
            h.previousDigestHex = previous;
            h.seqFirst = std::int64_t{b - 1} * perBatch + 1;
            h.seqLast = std::int64_t{b} * perBatch;
            h.responseCount = perBatch;
            h.auditFirst = 1;
            h.exportUtcMs = t0 + h.seqLast * everyMs + 86'400'000;
            h.exportBootId = "b";
            h.program = "hailong-bench";
            core::DurableFile file(folder / format("%s-%04d.hlbatch", kioskId.c_str(), b));
            std::optional<core::BatchSealer> sealer;
            if (!seal.sealedToHex.empty()) sealer.emplace(keys, kioskId, b, seal.sealedToHex);
            core::BatchWriter writer(
                h, [&](std::string_view bytes) { file.write(bytes); }, sealer ? &*sealer : nullptr);
            for (std::int64_t seq = h.seqFirst; seq <= h.seqLast; ++seq) {
                const int i = static_cast<int>(seq);
                core::Response r;
                r.uuid = ids.newUuid();
                r.kioskId = kioskId;
                r.seq = seq;
                r.unit = unit;
                r.officerId = format("cb%lld",
                                     static_cast<long long>((t0 + seq * everyMs) / 86'400'000 % 3));  // one a day
                r.procedureCode = format("TT%d", i % 5);
                r.dossierCode = i % seal.dossierEvery ? "" : format("HS-%07d", i);
                if (seal.commentEvery > 0 && i % seal.commentEvery == 0)
                    r.comment = "Cán bộ nhiệt tình, \"rất\" tốt, cảm ơn";
                r.questionnaireId = q.id;
                r.questionnaireVersion = q.version;
                r.startedUtcMs = t0 + seq * everyMs;
                r.endedUtcMs = r.startedUtcMs + 12'000;
                r.utcOffsetMinutes = 420;
                r.bootId = "b";
                r.endReason = core::EndReason::Completed;
                const char* main = i % 10 == 0 ? "not_satisfied" : i % 3 ? "very_satisfied" : "satisfied";
                r.answers.push_back(core::Answer{"overall", core::Scale::ThreeLevel, {main}, r.startedUtcMs});
                if (i % 10 == 0)
                    r.answers.push_back(core::Answer{
                        "reasons", core::Scale::MultiSelect, {"waiting", "attitude"}, r.startedUtcMs + 3000});
                writer.add(r);
                if (csv)
                    std::fprintf(csv, "%s,%s,%d,%s,%s,%s,%s,%s,%lld,%lld,%s\n", r.uuid.c_str(), kioskId.c_str(), i,
                                 unit.code.c_str(), unit.level.c_str(), r.dossierCode.c_str(), q.id.c_str(), main,
                                 static_cast<long long>(r.startedUtcMs), static_cast<long long>(r.endedUtcMs),
                                 "completed");
            }
            previous = writer.finish([&](const std::string&, int) { return std::optional<std::string>(q.source); },
                                     keys);
            file.commit();
        }
    }
    return made;
}

/// Section 5's import of batches sealed for headquarters, opened with its key; one row.
void importSealed(const Options& o, const char* what, int commentEvery, int dossierEvery, double referenceMs);

void importSection(const Options& o) {
    section(format("5. import %d responses from %d kiosks at headquarters", o.importResponses, o.importKiosks));
    TempDir dir(o.dir, "hailong-bench-import-");
    const fs::path batches = dir.path() / "batches";
    const std::string csvPath = (dir.path() / "responses.csv").string();
    std::FILE* csv = std::fopen(csvPath.c_str(), "w");
    if (!csv) return failed("cannot write " + csvPath);
    const auto fill0 = Steady::now();
    const std::int64_t t0 = 1'735'689'600'000;
    const MadeBatches made = writeBatches(dir.path(), batches, o.importKiosks, 1,
                                          std::max(1, o.importResponses / o.importKiosks), t0, 600'000, csv);
    const std::vector<std::string>& kiosks = made.kiosks;
    std::fclose(csv);
    note(format("(batches and CSV written in %.1f s, untimed)", msSince(fill0) / 1000));
    ::sync();

    {  // what reading and checking alone costs (no store)
        const auto v0 = Steady::now();
        std::int64_t read = 0;
        for (const fs::path& f : core::batchFilesIn({batches}))
            if (auto b = core::readBatchFile(f)) read += static_cast<std::int64_t>(b->responses.size());
        note(format("(read and verify alone, one thread: %.2f s, %lld responses)", msSince(v0) / 1000,
                    static_cast<long long>(read)));
    }
    // Each import o.runs times, each into a new store; the median counts, as for the reference.
    std::vector<double> times;
    core::ImportSummary imported;
    for (int run = 1; run <= o.runs; ++run) {
        core::SqliteHqStore hq(dir.path() / format("hq-%d.db", run));
        for (const std::string& id : kiosks) hq.trust(core::KioskKeyFile{id, made.publicKeyHex, {}}, 0);
        const double cpu0 = cpuSeconds();
        const auto i0 = Steady::now();
        imported = core::importBatchFiles(hq, core::batchFilesIn({batches}), t0 + 400LL * 86'400'000);
        times.push_back(msSince(i0));
        note(format("(import %d: %.2f s, %.2f s of processor time, all threads)", run, times.back() / 1000,
                    cpuSeconds() - cpu0));
        if (imported.refused != 0) return failed(format("%d files refused", imported.refused));
    }
    const double importMs = percentile(times, 0.5);

    const std::optional<std::string> sqlite3 = findOnPath("sqlite3");
    if (!sqlite3) return note("sqlite3 is not on PATH: no reference");
    std::vector<double> references;
    for (int run = 1; run <= o.runs; ++run) {
        const std::string refDb = (dir.path() / format("reference-%d.db", run)).string();
        const std::string create =
            *sqlite3 + " " + refDb +
            " 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE responses (uuid TEXT PRIMARY KEY, "
            "kiosk_id TEXT, seq INTEGER, unit_code TEXT, unit_level TEXT, dossier_code TEXT, questionnaire_id TEXT, "
            "overall TEXT, started_utc_ms INTEGER, ended_utc_ms INTEGER, end_reason TEXT)' > /dev/null";
        if (std::system(create.c_str()) != 0) return failed("cannot make the reference database");
        const std::string load = *sqlite3 + " " + refDb + " '.import --csv " + csvPath + " responses'";
        const auto r0 = Steady::now();
        if (std::system(load.c_str()) != 0) return failed("the reference .import failed");
        references.push_back(msSince(r0));
    }
    const double referenceMs = percentile(references, 0.5);
    row("sqlite3 .import of the same responses as CSV (reference)", format("%.2f s", referenceMs / 1000));
    note("(the loads: " + runsText(references) + "; the median is the reference)");
    const bool met = importMs * 5 <= referenceMs;
    row("import: verify, dedupe, store (a savepoint a file)",
        format("%.2f s, %lld new, %.1fx faster", importMs / 1000, static_cast<long long>(imported.newResponses),
               referenceMs / importMs),
        "5x ref (~3 s)", met);
    // Sealed for headquarters (hailong-batch/2, issue 19), imported with headquarters' key: the
    // comments opened and stored. A realistic mix, then every response with a comment and a dossier.
    importSealed(o, "the same, sealed, opened: 10 % comments, 33 % dossier codes", 10, 3, referenceMs);
    importSealed(o, "the same, sealed, opened: every response a comment and a dossier", 1, 1, referenceMs);
}

void importSealed(const Options& o, const char* what, int commentEvery, int dossierEvery, double referenceMs) {
    TempDir dir(o.dir, "hailong-bench-import-sealed-");
    const fs::path batches = dir.path() / "batches";
    const std::int64_t t0 = 1'735'689'600'000;
    unsigned char pk[32];
    std::string secret(32, '\0');
    crypto_box_keypair(pk, reinterpret_cast<unsigned char*>(secret.data()));
    const std::string box = core::toHex(pk, sizeof pk);
    const auto fill0 = Steady::now();
    const MadeBatches made = writeBatches(dir.path(), batches, o.importKiosks, 1,
                                          std::max(1, o.importResponses / o.importKiosks), t0, 600'000, nullptr, {},
                                          SealOptions{box, commentEvery, dossierEvery});
    note(format("(sealed batches written in %.1f s, untimed)", msSince(fill0) / 1000));
    ::sync();
    const core::BoxSecretFor secrets = [&](const std::string& b) -> std::optional<std::string> {
        if (b == box) return secret;
        return std::nullopt;
    };
    {  // what reading, checking and opening alone cost (no store)
        core::BatchReadOptions options;
        options.boxSecretFor = secrets;
        const auto v0 = Steady::now();
        std::int64_t read = 0;
        for (const fs::path& f : core::batchFilesIn({batches}))
            if (auto b = core::readBatchFile(f, options)) read += static_cast<std::int64_t>(b->responses.size());
        note(format("(read, verify and open alone, one thread: %.2f s, %lld responses)", msSince(v0) / 1000,
                    static_cast<long long>(read)));
    }
    struct Wipe {  // headquarters' secret, whichever way this returns
        std::string& secret;
        ~Wipe() { sodium_memzero(secret.data(), secret.size()); }
    } wipe{secret};
    std::vector<double> times;
    core::CommentPage comments;
    for (int run = 1; run <= o.runs; ++run) {  // each into a new store, the median counts
        core::SqliteHqStore hq(dir.path() / format("hq-%d.db", run));
        for (const std::string& id : made.kiosks) hq.trust(core::KioskKeyFile{id, made.publicKeyHex, {}}, 0);
        const double cpu0 = cpuSeconds();
        const auto i0 = Steady::now();
        const core::ImportSummary imported = core::importBatchFiles(hq, core::batchFilesIn({batches}),
                                                                    t0 + 400LL * 86'400'000, {}, secrets);
        times.push_back(msSince(i0));
        note(format("(import %d: %.2f s, %.2f s of processor time, all threads)", run, times.back() / 1000,
                    cpuSeconds() - cpu0));
        if (imported.refused != 0) return failed(format("%d sealed files refused", imported.refused));
        core::CommentQuery all;
        all.limit = 0;
        comments = hq.comments(all);
        if (comments.sealed != 0) return failed("comments left sealed with the key");
    }
    const double importMs = percentile(times, 0.5);
    row(what,
        format("%.2f s, %lld comments, %.1fx faster", importMs / 1000, static_cast<long long>(comments.total),
               referenceMs / importMs),
        "5x ref (~3 s)", importMs * 5 <= referenceMs && importMs <= 3000);
}

// [SECTION] 6. report at headquarters

double timeReport(const core::HqStore& hq, const char* what, const core::ReportQuery& query, double barMs) {
    const auto r0 = Steady::now();
    const core::Report r = core::buildReport(hq, query);
    const double ms = msSince(r0);
    if (barMs > 0)
        row(format("report %s", what),
            format("%.2f s, %zu rows, %s", ms / 1000, r.rows.size(),
                   core::formatPercent(core::percentOf(r.total.satisfied, r.total.ratings)).c_str()),
            format("%g s", barMs / 1000), ms <= barMs);
    return ms;
}

void reportSection(const Options& o) {
    const int perBatch = 1000, batchesPerKiosk = 10;
    const int kiosks = std::max(1, o.reportResponses / (perBatch * batchesPerKiosk));
    section(format("6. report over %d responses (%d kiosks, a year)", kiosks * perBatch * batchesPerKiosk, kiosks));
    TempDir dir(o.dir, "hailong-bench-report-");
    const fs::path batches = dir.path() / "batches";
    const std::int64_t t0 = 1'735'689'600'000;  // 2025-01-01
    const std::int64_t every = 365LL * 86'400'000 / (perBatch * batchesPerKiosk);
    const auto fill0 = Steady::now();
    const MadeBatches made = writeBatches(dir.path(), batches, kiosks, batchesPerKiosk, perBatch, t0, every, nullptr);
    core::SqliteHqStore hq(dir.path() / "hq.db");
    for (const std::string& id : made.kiosks) hq.trust(core::KioskKeyFile{id, made.publicKeyHex, {}}, 0);
    const core::ImportSummary imported = core::importBatchFiles(hq, core::batchFilesIn({batches}),
                                                                t0 + 400LL * 86'400'000);
    note(format("(%lld responses written and imported in %.1f s, untimed; tallies: %lld day rows, %lld month rows)",
                static_cast<long long>(imported.newResponses), msSince(fill0) / 1000,
                static_cast<long long>(hq.db().execAndGet("SELECT count(*) FROM tallies_day").getInt64()),
                static_cast<long long>(hq.db().execAndGet("SELECT count(*) FROM tallies_month").getInt64())));
    fs::remove_all(batches);

    struct Case {
        const char* what;
        core::ReportQuery query;
    };
    const auto query = [](const char* from, const char* to, core::ReportBy by) {
        core::ReportQuery q;
        if (from) q.fromDay = core::dayFromString(from);
        if (to) q.toDay = core::dayFromString(to);
        q.by = by;
        return q;
    };
    const std::vector<Case> cases{
        {"by unit, all time", query(nullptr, nullptr, core::ReportBy::Unit)},
        {"by officer, 2025-03-01 .. 2025-11-30", query("2025-03-01", "2025-11-30", core::ReportBy::Officer)},
        {"by unit, 2025-03-15 .. 2025-11-20", query("2025-03-15", "2025-11-20", core::ReportBy::Unit)},
        {"by day, all time", query(nullptr, nullptr, core::ReportBy::Day)},
    };
    for (const Case& c : cases) timeReport(hq, c.what, c.query, 2000);
}

// [SECTION] 7. report by province through the unit registry

TwoLevelState::TwoLevelState() {
    const core::UnitRegistry builtIn = core::UnitRegistry::withImported({});
    const std::int64_t july = core::twoLevelStateDay();
    std::vector<std::string> provinces;
    std::map<std::string, std::vector<std::string>> formerOf;  // new province -> former ones
    for (const core::UnitRow& r : builtIn.rows()) {
        if (r.validAt(july)) provinces.push_back(r.code);
        if (r.validAt(july - 1)) formerOf[builtIn.currentAt(r, july)->code].push_back(r.code);
    }
    for (int c = 0; c < Communes; ++c) {
        const std::string& province = provinces[static_cast<std::size_t>(c) % provinces.size()];
        provinceOfCommune.push_back(province);
        rows.push_back(core::UnitRow{format("X%05d", c), format("Công an xã %d", c), "", "commune", province, july,
                                     core::UnitRow::Open, "", "bench", c + 2});
    }
    for (int o = 0; o < Former; ++o) {
        const int c = o % Communes;
        const auto& former = formerOf.at(provinceOfCommune[static_cast<std::size_t>(c)]);
        rows.push_back(core::UnitRow{format("O%05d", o), format("Công an xã cũ %d", o), "", "commune",
                                     former[static_cast<std::size_t>(o / Communes) % former.size()],
                                     core::UnitRow::Always, july - 1, format("X%05d", c), "bench", Communes + o + 2});
    }
}

core::UnitInfo TwoLevelState::unitOf(int kiosk, int batch) const {
    const int c = kiosk % Communes;
    if (batch > 2) return core::UnitInfo{format("X%05d", c), format("Công an xã %d", c), "commune", "Quầy 1"};
    const int o = c + Communes * ((kiosk / Communes) % (Former / Communes));
    return core::UnitInfo{format("O%05d", o), format("Công an xã cũ %d", o), "commune", "Quầy 1"};
}

MadeBatches TwoLevelState::write(const fs::path& dir, const fs::path& folder, int kiosks) const {
    return writeBatches(dir, folder, kiosks, Batches, PerBatch, T0, EveryMs, nullptr,
                        [&](int k, int b) { return unitOf(k, b); });
}

std::size_t TwoLevelState::prepare(core::HqStore& hq, const MadeBatches& made) const {
    const auto checked = core::UnitRegistry::merge(core::builtInUnits(), rows);
    if (!checked) throw std::runtime_error("the bench's registry: " + checked.error().front().describe());
    hq.replaceImportedUnits(rows);
    for (const std::string& id : made.kiosks) hq.trust(core::KioskKeyFile{id, made.publicKeyHex, {}}, 0);
    return checked->rows().size();
}

void provinceSection(const Options& o) {
    const int kiosks = TwoLevelState::kiosksFor(o.reportResponses);
    section(format("7. report by province over %d responses (%d kiosks of %d communes, 34 provinces, 2 years "
                   "across 1 July 2025)",
                   kiosks * TwoLevelState::PerBatch * TwoLevelState::Batches, kiosks, TwoLevelState::Communes));
    TempDir dir(o.dir, "hailong-bench-province-");
    const fs::path batches = dir.path() / "batches";
    const TwoLevelState state;
    if (!o.provinceDb.empty() && fs::exists(o.provinceDb)) {  // made by an earlier run: only the reports
        core::SqliteHqStore kept(o.provinceDb);
        note(format("(the store of an earlier run: %s, %lld responses)", o.provinceDb.c_str(),
                    static_cast<long long>(kept.responseCount())));
        return provinceReports(kept);
    }
    const auto fill0 = Steady::now();
    const MadeBatches made = state.write(dir.path(), batches, kiosks);
    core::SqliteHqStore hq(o.provinceDb.empty() ? dir.path() / "hq.db" : fs::path(o.provinceDb));
    const std::size_t registryRows = state.prepare(hq, made);
    const core::ImportSummary imported = core::importBatchFiles(hq, core::batchFilesIn({batches}),
                                                                TwoLevelState::T0 + 800LL * 86'400'000);
    note(format("(%lld responses written and imported in %.1f s, untimed; registry: %zu rows; tallies: %lld month "
                "rows, %lld month rows per unit)",
                static_cast<long long>(imported.newResponses), msSince(fill0) / 1000, registryRows,
                static_cast<long long>(hq.db().execAndGet("SELECT count(*) FROM tallies_month").getInt64()),
                static_cast<long long>(hq.db().execAndGet("SELECT count(*) FROM tallies_unit_month").getInt64())));
    fs::remove_all(batches);
    hq.sync();
    provinceReports(hq);
}

core::ReportQuery provinceAsOfQuery() {
    core::ReportQuery q;
    q.by = core::ReportBy::Province;
    q.asOfDay = *core::dayFromString("2026-12-06");
    return q;
}

void provinceReports(const core::HqStore& hq, double barMs) {
    const std::int64_t today = *core::dayFromString("2026-12-06");
    struct Case {
        const char* what;
        core::ReportQuery query;
    };
    std::vector<Case> cases;
    const auto add = [&](const char* what, core::ReportBy by, bool asOf, const char* under, std::size_t top) {
        core::ReportQuery q;
        q.by = by;
        if (asOf) q.asOfDay = today;
        if (under) q.under = under;
        if (top) {
            q.sort = core::ReportSort::Rate;
            q.top = top;
        }
        cases.push_back({what, q});
    };
    add("by unit, all time (reference)", core::ReportBy::Unit, false, nullptr, 0);
    add("by province --as-of 2026-12-06", core::ReportBy::Province, true, nullptr, 0);
    add("by province, as recorded", core::ReportBy::Province, false, nullptr, 0);
    add("by unit --under 40 --as-of", core::ReportBy::Unit, true, "40", 0);
    add("by unit --as-of --sort rate --top 10", core::ReportBy::Unit, true, nullptr, 10);
    add("by month, all time", core::ReportBy::Month, false, nullptr, 0);
    for (const Case& c : cases) timeReport(hq, c.what, c.query, barMs);
}

}  // namespace hailong::bench
