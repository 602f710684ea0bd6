// `hailong demo`: the data set pooled at headquarters gives the published figures and shows its trouble.
#include "batch/key_file.h"
#include "demo/demo_data.h"
#include "hq/hq_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace hailong::core;
using hailong::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("the demo data set pooled at headquarters gives 86.69 percent and shows its trouble", "[hq][demo][slow]") {
    TempDir dir;
    const DemoSummary demo = makeDemoData(dir / "demo");
    CHECK(demo.kiosks == 110);
    CHECK(demo.ratingsCounted == 20'000);

    SqliteHqStore hq(dir / "hq.db");
    for (const auto& e : fs::directory_iterator(dir / "demo" / "keys")) {
        std::ifstream in(e.path());
        std::stringstream text;
        text << in.rdbuf();
        auto key = parseKioskKeyFile(text.str());
        REQUIRE(key);
        hq.trust(*key, 0);
    }
    const std::int64_t now = 1'767'225'600'000 + 30LL * 86'400'000;  // 2026-01-31: after the demo year
    const ImportSummary first = importBatchFiles(hq, batchFilesIn({dir / "demo" / "batches"}), now);
    CHECK(first.refused == 0);
    CHECK(first.accepted == demo.batchFiles);
    // The batch copied twice: one of the two files is recognised as already imported.
    CHECK(std::count_if(first.files.begin(), first.files.end(),
                        [](const FileImport& f) { return f.outcome.alreadyImported; }) == 1);

    const Report r = buildReport(hq, ReportQuery{});
    CHECK(r.total.ratings == 20'000);
    CHECK(formatPercent(percentOf(r.total.satisfied, r.total.ratings)) == "86.69%");
    for (const char* unit : {"C08", "CAT-NA", "CAT-PT"}) {
        const auto row = std::find_if(r.rows.begin(), r.rows.end(), [&](const ReportRow& x) { return x.key == unit; });
        REQUIRE(row != r.rows.end());
        CHECK(formatPercent(percentOf(row->satisfied, row->ratings)) == "100.00%");
    }
    CHECK(r.total.misuse == 8);
    CHECK(r.total.clockSuspect >= 150);
    int gaps = 0;
    for (const KioskStatus& k : hq.kiosks()) gaps += static_cast<int>(k.missing.size());
    CHECK(gaps == 1);

    const ImportSummary again = importBatchFiles(hq, batchFilesIn({dir / "demo" / "batches"}), now);
    CHECK(again.newResponses == 0);
    CHECK(hq.responseCount() == first.newResponses);
}
