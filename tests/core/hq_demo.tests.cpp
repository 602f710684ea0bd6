// `hailong demo`: the data sets pooled at headquarters give the figures they promise, dated as the
// scenario says, with a units.csv in the unit registry's format.
#include "base/clock.h"
#include "batch/batch_format.h"
#include "batch/key_file.h"
#include "demo/demo_data.h"
#include "hq/hq_import.h"
#include "hq/hq_tally.h"
#include "hq/registry_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace hailong::core;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks); lines starting with #
/// outside quotes are comments. A small reader of its own: the registry's parser is headquarters'.
std::vector<std::vector<std::string>> readCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, atLineStart = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (atLineStart && c == '#') {
            i = text.find('\n', i);
            if (i == std::string::npos) break;
            continue;
        }
        atLineStart = false;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            if (!field.empty() && field.back() == '\r') field.pop_back();
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            atLineStart = true;
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

const std::vector<std::string> RegistryColumns{"code",   "name_vi",    "name_en",  "level",
                                               "parent", "valid_from", "valid_to", "successor"};

struct Row {
    std::string code, nameVi, nameEn, level, parent;
    std::int64_t from, to;  // days, inclusive; open ends far away
    std::string successor;
    bool validAt(std::int64_t day) const { return from <= day && day <= to; }
};

/// The rows of a registry file, checked to have the 8 columns and good dates.
std::vector<Row> registryRows(const fs::path& file) {
    const auto rows = readCsv(readText(file));
    REQUIRE(!rows.empty());
    REQUIRE(rows.front() == RegistryColumns);
    std::vector<Row> out;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        INFO(file.filename().string() << " row " << i << ": " << (r.empty() ? "" : r[0]));
        REQUIRE(r.size() == 8);
        const auto date = [&](const std::string& s, std::int64_t open) {
            if (s.empty()) return open;
            const auto day = dayFromString(s);
            REQUIRE(day);
            return *day;
        };
        CHECK(!r[0].empty());
        CHECK(!r[1].empty());
        CHECK(!r[2].empty());
        CHECK(std::set<std::string>{"central", "province", "district", "commune"}.count(r[3]) == 1);
        out.push_back(Row{r[0], r[1], r[2], r[3], r[4], date(r[5], -1'000'000), date(r[6], 1'000'000), r[7]});
        CHECK(out.back().from <= out.back().to);
    }
    return out;
}

const fs::path ProvincesCsv = fs::path(HAILONG_TEST_DATA) / ".." / ".." / "assets" / "registry" / "provinces.csv";

/// Every parent and successor is a code of the file or of the built-in provinces; a successor
/// exists the day after the row ends; a code's rows do not overlap; no district outlives 2025-06-30.
void checkRegistry(const std::vector<Row>& rows) {
    const std::vector<Row> provinces = registryRows(ProvincesCsv);
    std::map<std::string, std::vector<const Row*>> byCode;
    for (const Row& r : provinces) byCode[r.code].push_back(&r);
    for (const Row& r : rows) {
        CHECK(byCode.count(r.code) == 0);  // none of the built-in codes: the file's are CAT-, CAH-, CAX-, C..
    }
    for (const Row& r : rows) byCode[r.code].push_back(&r);
    const auto validAt = [&](const std::string& code, std::int64_t day) {
        const auto it = byCode.find(code);
        return it != byCode.end() &&
               std::any_of(it->second.begin(), it->second.end(), [&](const Row* x) { return x->validAt(day); });
    };
    for (const auto& [code, list] : byCode)
        for (std::size_t i = 0; i < list.size(); ++i)
            for (std::size_t j = i + 1; j < list.size(); ++j) {
                INFO(code);
                CHECK((list[i]->to < list[j]->from || list[j]->to < list[i]->from));
            }
    const std::int64_t twoLevels = *dayFromString("2025-07-01");
    for (const Row& r : rows) {
        INFO(r.code << " " << r.nameVi);
        if (!r.parent.empty()) {
            CHECK(byCode.count(r.parent) == 1);
            // The parent exists at the row's ends (where it has ends).
            for (std::int64_t day : {r.from, r.to})
                if (day > -1'000'000 && day < 1'000'000) CHECK(validAt(r.parent, day));
        }
        if (!r.successor.empty()) {
            CHECK(byCode.count(r.successor) == 1);
            CHECK(r.to < 1'000'000);
            CHECK(validAt(r.successor, r.to + 1));
        }
        if (r.level == "district") CHECK(r.to < twoLevels);
        if (r.level == "central") CHECK(r.parent.empty());
        if (r.level == "district" || r.level == "commune") CHECK(!r.parent.empty());
    }
}

void trustAll(SqliteHqStore& hq, const fs::path& keys) {
    for (const auto& e : fs::directory_iterator(keys)) {
        auto key = parseKioskKeyFile(readText(e.path()));
        REQUIRE(key);
        hq.trust(*key, 0);
    }
}

const ReportRow* rowOf(const Report& r, const std::string& key) {
    const auto it = std::find_if(r.rows.begin(), r.rows.end(), [&](const ReportRow& x) { return x.key == key; });
    return it == r.rows.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("the 2019 demo pooled at headquarters gives 86.69 percent, dated 2019, and shows its trouble",
          "[hq][demo][slow]") {
    TempDir dir;
    const DemoSummary demo = makeDemoData(dir / "demo");
    CHECK(demo.scenario == DemoScenario::Seed2019);
    CHECK(demo.kiosks == 110);
    CHECK(demo.ratingsCounted == 20'000);
    CHECK(demo.firstDay == "2019-01-01");
    CHECK(demo.lastDay == "2019-12-31");
    CHECK(demo.unitsByLevel ==
          std::map<std::string, int>{{"central", 1}, {"province", 10}, {"district", 30}, {"commune", 69}});
    CHECK(demo.wrongClockRatings == 151);

    // Every batch was exported in 2019, as the survey was.
    const std::int64_t from2019 = *dayFromString("2019-01-01"), to2019 = *dayFromString("2019-12-31");
    for (const fs::path& f : batchFilesIn({dir / "demo" / "batches"})) {
        const auto batch = readBatchFile(f);
        REQUIRE(batch);
        const std::int64_t exported = localDay(batch->header.exportUtcMs, batch->header.exportUtcOffsetMinutes);
        CHECK(exported >= from2019);
        CHECK(exported <= to2019);
    }

    SqliteHqStore hq(dir / "hq.db");
    trustAll(hq, dir / "demo" / "keys");
    // Imported today, years after the survey: the kiosk whose clock was two years ahead is still
    // seen, by its ratings dated after the batch that carries them.
    const std::int64_t now = SystemClock().wallMs();
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
        const ReportRow* row = rowOf(r, unit);
        REQUIRE(row);
        CHECK(formatPercent(percentOf(row->satisfied, row->ratings)) == "100.00%");
    }
    CHECK(r.total.misuse == 8);
    CHECK(r.total.clockSuspect == 151);
    int gaps = 0;
    for (const KioskStatus& k : hq.kiosks()) gaps += static_cast<int>(k.missing.size());
    CHECK(gaps == 1);

    // Places as they were named in 2019: Đà Nẵng and Cần Thơ were centrally-run cities.
    REQUIRE(rowOf(r, "CAT-DN"));
    CHECK(rowOf(r, "CAT-DN")->label == "Công an thành phố Đà Nẵng");
    REQUIRE(rowOf(r, "CAT-CT"));
    CHECK(rowOf(r, "CAT-CT")->label == "Công an thành phố Cần Thơ");
    for (const ReportRow& row : r.rows) {
        INFO(row.key << " " << row.label);
        CHECK(row.label.find("tỉnh Đà Nẵng") == std::string::npos);
        CHECK(row.label.find("tỉnh Cần Thơ") == std::string::npos);
    }

    // Within 2019: all but the wrong clock's ratings (dated 2021), none of them clock-suspect.
    ReportQuery year;
    year.fromDay = from2019;
    year.toDay = to2019;
    year.by = ReportBy::Month;
    const Report in2019 = buildReport(hq, year);
    CHECK(in2019.rows.size() == 12);
    CHECK(in2019.total.ratings == 20'000 - 151);
    CHECK(in2019.total.clockSuspect == 0);

    // units.csv: the 110 units (Bắc Ninh's police in two rows: its province merged in 2025).
    const std::vector<Row> units = registryRows(dir / "demo" / "units.csv");
    CHECK(units.size() == 111);
    checkRegistry(units);
    std::set<std::string> codes;
    for (const Row& u : units) codes.insert(u.code);
    for (const ReportRow& row : r.rows) CHECK(codes.count(row.key) == 1);
    const auto cat = std::find_if(units.begin(), units.end(), [](const Row& u) { return u.code == "CAT-NA"; });
    REQUIRE(cat != units.end());
    CHECK(cat->parent == "40");
    CHECK(cat->level == "province");
    // The registry's own reader takes it, and a report by province follows: a province pools its
    // provincial police and the district and commune police under it.
    const auto imported = importUnitsFile(hq, dir / "demo" / "units.csv");
    REQUIRE(imported);
    CHECK(imported->rows == 111);
    const UnitsCheck check = checkUnits(hq);
    CHECK(check.unknownCodes.empty());
    CHECK(check.problems.empty());
    CHECK(check.warnings.empty());
    ReportQuery byProvince;
    byProvince.by = ReportBy::Province;
    const Report provinces = buildReport(hq, byProvince);
    CHECK(provinces.total.ratings == r.total.ratings);
    CHECK(provinces.unregistered.empty());
    CHECK(provinces.rows.size() == 11);  // C08 and the ten provinces of 2019
    for (const ReportRow& row : provinces.rows) {
        if (row.key != "40") continue;
        ReportQuery under;
        under.under = "40";
        const Report nghean = buildReport(hq, under);
        CHECK(nghean.rows.size() == 1 + 3 + 7);  // CAT-NA, its district and commune police
        CHECK(row.ratings == nghean.total.ratings);
        CHECK(row.satisfied == nghean.total.satisfied);
    }

    const ImportSummary again = importBatchFiles(hq, batchFilesIn({dir / "demo" / "batches"}), now);
    CHECK(again.newResponses == 0);
    CHECK(hq.responseCount() == first.newResponses);
}

TEST_CASE("the 2026 demo spans the reform of 2025: district police until March, communes from July",
          "[hq][demo][slow]") {
    TempDir dir;
    const DemoSummary demo = makeDemoData(dir / "demo", DemoScenario::Map2026);
    CHECK(demo.scenario == DemoScenario::Map2026);
    CHECK(demo.firstDay == "2024-07-01");
    CHECK(demo.lastDay == "2026-06-30");
    CHECK(demo.unitsByLevel.at("central") == 2);
    CHECK(demo.unitsByLevel.at("province") == 63);  // CAT-<code>: the 63 codes, 34 of them still in use
    CHECK(demo.unitsByLevel.at("district") == 63);
    CHECK(demo.unitsByLevel.at("commune") >= 34 * 5);
    CHECK(demo.unitsByLevel.at("commune") <= 34 * 8);
    REQUIRE(demo.parts.size() == 2);
    CHECK(demo.parts[0].ratings + demo.parts[1].ratings == demo.ratingsCounted);
    CHECK(demo.duplicatedFile.empty());
    CHECK(demo.missingBatch.empty());

    const std::vector<Row> units = registryRows(dir / "demo" / "units.csv");
    CHECK(static_cast<int>(units.size()) == demo.unitRows);
    checkRegistry(units);
    std::map<std::string, std::vector<const Row*>> byCode;
    for (const Row& u : units) byCode[u.code].push_back(&u);

    // Every response, read from the signed batches: dated in the period, its unit in units.csv
    // and valid that day, under the name it had then.
    const std::int64_t first = *dayFromString("2024-07-01"), last = *dayFromString("2026-06-30");
    const std::int64_t noDistrictPolice = *dayFromString("2025-03-01"), twoLevels = *dayFromString("2025-07-01");
    std::map<std::string, std::pair<int, int>> unitSides, kioskSides;  // ratings before, after 2025-07-01
    std::int64_t responses = 0;
    int files = 0;
    for (const fs::path& f : batchFilesIn({dir / "demo" / "batches"})) {
        const auto batch = readBatchFile(f);
        REQUIRE(batch);
        ++files;
        for (const Response& r : batch->responses) {
            ++responses;
            const std::int64_t day = localDay(r.startedUtcMs, r.utcOffsetMinutes);
            INFO(f.filename().string() << ": " << r.unit.code << " on " << dayString(day));
            CHECK(day >= first);
            CHECK(day <= last);
            const auto rows = byCode.find(r.unit.code);
            REQUIRE(rows != byCode.end());
            const auto valid = std::find_if(rows->second.begin(), rows->second.end(),
                                            [&](const Row* u) { return u->validAt(day); });
            REQUIRE(valid != rows->second.end());
            CHECK((*valid)->level == r.unit.level);
            CHECK((*valid)->nameVi == r.unit.name);
            if (r.unit.level == "district") CHECK(day < noDistrictPolice);
            if (r.unit.level == "commune") CHECK(day >= twoLevels);
            auto& u = unitSides[r.unit.code];
            auto& k = kioskSides[batch->header.kioskId];
            (day < twoLevels ? u.first : u.second) += 1;
            (day < twoLevels ? k.first : k.second) += 1;
        }
    }
    CHECK(files == demo.batchFiles);
    CHECK(responses == demo.ratingsCounted);
    CHECK(static_cast<int>(kioskSides.size()) == demo.kiosks);

    // Unit codes on both sides of 1 July 2025: the central departments and the provincial police
    // whose code the new province kept; a merged province's police only before.
    for (const char* code : {"C06", "C08", "CAT-01", "CAT-24", "CAT-25", "CAT-79", "CAT-46"}) {
        INFO(code);
        CHECK(unitSides[code].first > 0);
        CHECK(unitSides[code].second > 0);
    }
    for (const char* code : {"CAT-26", "CAT-27", "CAT-77", "CAT-74", "CAH-26-1", "CAH-46-1"}) {
        INFO(code);
        CHECK(unitSides[code].first > 0);
        CHECK(unitSides[code].second == 0);
    }
    // Kiosks carried over: every one set up before the reform rates after it too.
    const int both = static_cast<int>(std::count_if(
        kioskSides.begin(), kioskSides.end(), [](const auto& k) { return k.second.first > 0 && k.second.second > 0; }));
    CHECK(both == 2 + 63 + 63);

    // Thừa Thiên Huế became the city of Huế on 2025-01-01: CAT-46 has two rows, and so does its
    // district police (until 2025-02-28).
    CHECK(byCode.at("CAT-46").size() == 2);
    CHECK(byCode.at("CAH-46-1").size() == 2);
    // A province whose code a new one took: two rows, the first naming the code itself.
    REQUIRE(byCode.at("CAT-24").size() == 2);
    const Row* bacGiang = byCode.at("CAT-24")[0];
    CHECK(bacGiang->nameVi == "Công an tỉnh Bắc Giang");
    CHECK(bacGiang->successor == "CAT-24");
    CHECK(byCode.at("CAT-24")[1]->nameVi == "Công an tỉnh Bắc Ninh");
    CHECK(byCode.at("CAT-27")[0]->successor == "CAT-24");

    // Pooled at headquarters: everything counted once, nothing refused, no wrong clock.
    SqliteHqStore hq(dir / "hq.db");
    trustAll(hq, dir / "demo" / "keys");
    const ImportSummary imported = importBatchFiles(hq, batchFilesIn({dir / "demo" / "batches"}),
                                                    SystemClock().wallMs());
    CHECK(imported.refused == 0);
    ReportQuery byLevel;
    byLevel.by = ReportBy::Level;
    const Report r = buildReport(hq, byLevel);
    CHECK(r.total.ratings == demo.ratingsCounted);
    CHECK(r.total.satisfied == demo.satisfied);
    CHECK(r.total.clockSuspect == 0);
    CHECK(r.total.misuse == 0);
    CHECK(r.rows.size() == 4);
    // Its registry file, read by the registry's reader, checks clean; by province as of the end
    // of 2026: the 34 provinces and the two central departments, every rating counted once.
    const auto registry = importUnitsFile(hq, dir / "demo" / "units.csv");
    REQUIRE(registry);
    const UnitsCheck check = checkUnits(hq);
    CHECK(check.unknownCodes.empty());
    CHECK(check.problems.empty());
    CHECK(check.warnings.empty());
    ReportQuery today;
    today.by = ReportBy::Province;
    today.asOfDay = *dayFromString("2026-12-06");
    const Report now = buildReport(hq, today);
    CHECK(now.rows.size() == 34 + 2);
    CHECK(now.total.ratings == demo.ratingsCounted);
    CHECK(now.unregistered.empty());
    std::set<std::string> levels;
    for (const ReportRow& row : now.rows) levels.insert(row.level);
    CHECK(levels == std::set<std::string>{"central", "province"});
    // As recorded, the former provinces too: more rows, the same ratings.
    today.asOfDay.reset();
    const Report recorded = buildReport(hq, today);
    CHECK(recorded.rows.size() > now.rows.size());
    CHECK(recorded.total.ratings == demo.ratingsCounted);
}
