// A measurement, not a test (hidden: run with `hailong_core_tests "[.pgbench]"`): the import of
// HAILONG_PG_BENCH_RESPONSES responses (default 1,000,000) from HAILONG_PG_BENCH_KIOSKS kiosks
// (default 1,000, one batch each) into PgHqStore, beside PostgreSQL's own COPY of the same
// responses as rows (the bar of issue 17: faster than that). Batches made as hailong-bench makes
// them (bench/hq_sections.cpp, writeBatches), on a throwaway cluster (fsync off for both).
#include "base/clock.h"
#include "base/durable_file.h"
#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/kiosk_keys.h"
#include "hq/hq_import.h"
#include "hq/pg_hq_store.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"
#include "survey/questionnaire.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

using namespace hailong::core;
namespace fs = std::filesystem;

namespace {
int envOr(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}
double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

TEST_CASE("import into PostgreSQL against COPY of the same responses", "[.pgbench]") {
    const int total = envOr("HAILONG_PG_BENCH_RESPONSES", 1'000'000);
    const int kiosks = envOr("HAILONG_PG_BENCH_KIOSKS", 1'000);
    const int perBatch = std::max(1, total / kiosks);
    hailong::test::TempDir dir;
    const fs::path folder = dir / "batches";
    fs::create_directories(folder);

    // The batches, and the same responses as CSV (untimed).
    const auto w0 = std::chrono::steady_clock::now();
    SystemClock clock;
    RandomIds ids;
    KioskDatabase keyDb(dir / "keys.db", clock, ids);
    AuditLog keyAudit(keyDb, clock);
    const KioskKeys keys = KioskKeys::loadOrCreate(dir.path(), keyDb, keyAudit);
    const Questionnaire q = defaultQuestionnaire();
    const std::int64_t t0 = 1'735'689'600'000, everyMs = 600'000;
    static const char* const levels[] = {"central", "province", "district", "commune"};
    std::string csv;
    std::vector<std::string> kioskIds;
    for (int k = 0; k < kiosks; ++k) {
        const std::string kioskId = ids.newUuid();
        kioskIds.push_back(kioskId);
        const int unitNo = k % std::max(1, kiosks / 4);
        const UnitInfo unit{"U" + std::to_string(unitNo), "Công an đơn vị " + std::to_string(unitNo), levels[k % 4],
                            "Quầy 1"};
        BatchHeader h;
        h.kioskId = kioskId;
        h.publicKeyHex = keys.publicKeyHex();
        h.unit = unit;
        h.number = 1;
        h.seqFirst = 1;
        h.seqLast = perBatch;
        h.responseCount = perBatch;
        h.auditFirst = 1;
        h.exportUtcMs = t0 + h.seqLast * everyMs + 86'400'000;
        h.exportBootId = "b";
        h.program = "hailong-bench";
        DurableFile file(folder / (kioskId + "-0001.hlbatch"));
        BatchWriter writer(h, [&](std::string_view bytes) { file.write(bytes); });
        for (std::int64_t seq = 1; seq <= perBatch; ++seq) {
            const int i = static_cast<int>(seq);
            Response r;
            r.uuid = ids.newUuid();
            r.kioskId = kioskId;
            r.seq = seq;
            r.unit = unit;
            r.officerId = "cb" + std::to_string((t0 + seq * everyMs) / 86'400'000 % 3);
            r.procedureCode = "TT" + std::to_string(i % 5);
            r.dossierCode = i % 3 ? "" : "HS-" + std::to_string(1'000'000 + i);
            r.questionnaireId = q.id;
            r.questionnaireVersion = q.version;
            r.startedUtcMs = t0 + seq * everyMs;
            r.endedUtcMs = r.startedUtcMs + 12'000;
            r.utcOffsetMinutes = 420;
            r.bootId = "b";
            r.endReason = EndReason::Completed;
            const char* main = i % 10 == 0 ? "not_satisfied" : i % 3 ? "very_satisfied" : "satisfied";
            r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {main}, r.startedUtcMs});
            if (i % 10 == 0)
                r.answers.push_back(
                    Answer{"reasons", Scale::MultiSelect, {"waiting", "attitude"}, r.startedUtcMs + 3000});
            writer.add(r);
            csv += r.uuid + "," + kioskId + "," + std::to_string(i) + "," + unit.code + "," + unit.level + "," +
                   r.dossierCode + "," + q.id + "," + main + "," + std::to_string(r.startedUtcMs) + "," +
                   std::to_string(r.endedUtcMs) + ",completed\n";
        }
        writer.finish([&](const std::string&, int) { return std::optional<std::string>(q.source); }, keys);
        file.commit();
    }
    std::printf("%d responses of %d kiosks written in %.1f s (untimed)\n", perBatch * kiosks, kiosks,
                msSince(w0) / 1000);

    hailong::test::PgCluster cluster;
    // The reference: PostgreSQL's COPY of the responses as rows, into a table keyed by uuid.
    PgConnection ref(cluster.createDatabase("bench_reference"));
    ref.execScript("CREATE TABLE responses (uuid text PRIMARY KEY, kiosk_id text, seq bigint, unit_code text, "
                   "unit_level text, dossier_code text, questionnaire_id text, overall text, started_utc_ms bigint, "
                   "ended_utc_ms bigint, end_reason text)");
    const auto r0 = std::chrono::steady_clock::now();
    {
        PgCopyIn copy(ref, "COPY responses FROM STDIN (FORMAT csv)");
        for (std::size_t at = 0; at < csv.size(); at += 1 << 20)
            copy.putCopyData(std::string_view(csv).substr(at, 1 << 20));
        CHECK(copy.endCopy() == perBatch * kiosks);
    }
    const double referenceMs = msSince(r0);

    PgHqStore hq(cluster.createDatabase("bench_hq"));
    for (const std::string& id : kioskIds) hq.trust(KioskKeyFile{id, keys.publicKeyHex(), {}}, 0);
    const auto i0 = std::chrono::steady_clock::now();
    const ImportSummary imported = importBatchFiles(hq, batchFilesIn({folder}), t0 + 400LL * 86'400'000);
    const double importMs = msSince(i0);
    CHECK(imported.refused == 0);
    CHECK(imported.newResponses == perBatch * kiosks);
    std::printf("PostgreSQL COPY of the responses as rows (reference): %.2f s\n", referenceMs / 1000);
    std::printf("PgHqStore import (verify, dedupe, tallies, files): %.2f s, %.2fx the reference's speed\n",
                importMs / 1000, referenceMs / importMs);
    const PgResult sizes = hq.connection().exec(
        "SELECT (SELECT count(*) FROM tallies_day), (SELECT count(*) FROM tallies_month), "
        "pg_size_pretty(pg_database_size(current_database()))");
    std::printf("tallies: %s day rows, %s month rows; database %s\n", std::string(sizes.text(0, 0)).c_str(),
                std::string(sizes.text(0, 1)).c_str(), std::string(sizes.text(0, 2)).c_str());
}
