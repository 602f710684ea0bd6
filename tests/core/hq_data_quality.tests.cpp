// Data-quality notes scoped to a unit (data_quality.h): a report --under a province, as a
// province's analyst reads it in the browser, speaks of that province's kiosks only.
#include "hq/data_quality.h"
#include "hq/hq_tally.h"
#include "hq/report.h"
#include "support/hq_provinces_fixture.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hailong::core;
using namespace hailong::test;

namespace {

constexpr std::int64_t Day = 86'400'000;

/// The fixture's unit of that code, as its kiosk was registered.
UnitInfo unitOf(const std::string& code) {
    for (const ProvinceUnit& u : provinceUnits())
        if (u.code == code) return UnitInfo{u.code, u.name, u.level, "Quầy 1"};
    FAIL("no unit " << code);
    return {};
}

/// Batch 3 of the unit's kiosk (batch 2 never arrives): a gap.
void addGap(SqliteHqStore& store, const std::string& code) {
    const std::string kiosk = "kiosk-" + code;
    Batch third = batchOf(kiosk, unitOf(code), {{kiosk + "-late", "satisfied", "", "", ""}});
    third.header.number = 3;
    third.header.seqFirst = third.header.seqLast = 500;
    third.responses.at(0).seq = 500;
    third.digestHex = kiosk + "-3";
    store.importBatch(third, kiosk + "-3.hlbatch", T0 + 2 * Day);
}

/// Batch 2 of the unit's kiosk naming a previous batch that is not its batch 1: a chain break,
/// held apart.
void addChainBreak(SqliteHqStore& store, const std::string& code) {
    const std::string kiosk = "kiosk-" + code;
    Batch second = batchOf(kiosk, unitOf(code), {{kiosk + "-broken", "not_satisfied", "", "", ""}});
    second.header.number = 2;
    second.header.previousDigestHex = std::string(64, '0');
    second.header.seqFirst = second.header.seqLast = 900;
    second.responses.at(0).seq = 900;
    second.digestHex = kiosk + "-2";
    store.importBatch(second, kiosk + "-2.hlbatch", T0 + 2 * Day);
}

std::string allNotes(const std::vector<Text>& notes) {
    std::string out;
    for (const Text& n : notes) out += n.vi + "\n" + n.en + "\n";
    return out;
}

ReportQuery january(const std::string& under) {
    ReportQuery q;
    q.fromDay = dayFromString("2026-01-01");
    q.toDay = dayFromString("2026-01-31");
    q.under = under;
    return q;
}

}  // namespace

TEST_CASE("data-quality notes under a unit speak only of its kiosks, and of no refused file", "[hq][report][quality]") {
    HqProvinces hq;
    addGap(hq.store, "NA-01");         // Nghệ An (40)
    addGap(hq.store, "PT-01");         // Phú Thọ (25)
    addChainBreak(hq.store, "NA-02");  // held apart, in each province
    addChainBreak(hq.store, "PT-02");
    addGap(hq.store, "VP-OLD");  // of the former Vĩnh Phúc (26), merged into Phú Thọ on 2025-07-01
    hq.store.recordRefused(RefusedFile{"forged.hlbatch", "signed by another key", T0});
    const std::int64_t today = *dayFromString("2026-01-15");

    SECTION("the whole country: every kiosk and the refused file") {
        const std::string notes = allNotes(
            dataQuality(hq.store, buildReport(hq.store, january("")), false, today).notes);
        for (const char* named : {"NA-01", "PT-01", "NA-02", "PT-02", "VP-OLD", "forged.hlbatch"}) {
            INFO(named);
            CHECK(notes.find(named) != std::string::npos);
        }
    }
    SECTION("under Nghệ An: its kiosks only") {
        const Report r = buildReport(hq.store, january("40"));
        const std::vector<Text> notes = dataQuality(hq.store, r, false, today).notes;
        const std::string all = allNotes(notes);
        CHECK(all.find("NA-01") != std::string::npos);  // its gap
        CHECK(all.find("NA-02") != std::string::npos);  // its held batch
        for (const char* other : {"PT-", "VP-OLD", "forged", "từ chối", "Refused", "C08", "CA-X"}) {
            INFO(other);
            CHECK(all.find(other) == std::string::npos);
        }
        REQUIRE(notes.size() >= 2);
        CHECK(notes[0].en == "Kiosk NA-01 (kiosk-NA): batch 2 missing");
    }
    SECTION("under Phú Thọ as of today: the former Vĩnh Phúc's kiosk is now under it") {
        const std::string all = allNotes(
            dataQuality(hq.store, buildReport(hq.store, january("25")), false, today).notes);
        for (const char* named : {"PT-01", "PT-02", "VP-OLD"}) {
            INFO(named);
            CHECK(all.find(named) != std::string::npos);
        }
        for (const char* other : {"NA-", "forged"}) {
            INFO(other);
            CHECK(all.find(other) == std::string::npos);
        }
    }
    SECTION("under the former Vĩnh Phúc, as of a day before the merger: its kiosk alone") {
        ReportQuery q = january("26");
        q.fromDay = dayFromString("2025-06-01");
        q.toDay = dayFromString("2025-06-30");
        q.asOfDay = dayFromString("2025-06-15");
        const std::string all = allNotes(dataQuality(hq.store, buildReport(hq.store, q), false, today).notes);
        CHECK(all.find("VP-OLD") != std::string::npos);
        for (const char* other : {"NA-", "PT-", "forged"}) {
            INFO(other);
            CHECK(all.find(other) == std::string::npos);
        }
    }
}
