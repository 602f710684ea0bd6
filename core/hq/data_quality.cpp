#include "hq/data_quality.h"

#include "hq/hq_store.h"
#include "hq/hq_tally.h"  // localDay

#include "base/clock.h"

#include <map>
#include <optional>

namespace hailong::core {

namespace {

/// "1 response", "8 responses".
std::string countOf(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "CA-NA (1f0c2a9e)": the kiosk's unit and the start of its id.
std::string kioskName(const std::string& unitCode, const std::string& kioskId) {
    return (unitCode.empty() ? std::string("-") : unitCode) + " (" + kioskId.substr(0, 8) + ")";
}

Text missingBatches(const KioskStatus& k) {
    const std::string kiosk = kioskName(k.kiosk.unit.code, k.kiosk.kioskId);
    std::string numbers;
    for (std::size_t i = 0; i < k.missing.size(); ++i) numbers += (i ? ", " : "") + std::to_string(k.missing[i]);
    return {"Ki-ốt " + kiosk + ": thiếu lô " + numbers,
            "Kiosk " + kiosk + ": " + (k.missing.size() == 1 ? "batch " : "batches ") + numbers + " missing"};
}

Text heldBatch(const StoredBatch& b, const std::string& kiosk) {
    const std::string n = std::to_string(b.entry.number), responses = std::to_string(b.responses);
    if (b.entry.decision == BatchDecision::SetAside)
        return {"Ki-ốt " + kiosk + ": lô " + n + " (" + b.fileName + ") đã bị loại theo quyết định; " + responses +
                    " đánh giá không tính",
                "Kiosk " + kiosk + ": batch " + n + " (" + b.fileName + ") set aside by decision; " + responses +
                    " responses not counted"};
    return {"Ki-ốt " + kiosk + ": lô " + n + " (" + b.fileName + ") bị giữ riêng (" +
                conflictWords(b.status.conflicts, true) + "); " + responses +
                " đánh giá chưa tính, chờ quyết định (hailong hq held)",
            "Kiosk " + kiosk + ": batch " + n + " (" + b.fileName + ") held apart (" +
                conflictWords(b.status.conflicts, false) + "); " + responses +
                " responses not counted until an analyst decides (hailong hq held)"};
}

/// Whether a kiosk registered to unitCode is query.under or under it, in the registry as of day
/// (the query's asOfDay, else today): as report.cpp places a rating as of the query's date, a
/// former unit counts under the unit that took over from it, and each ancestor is taken as of
/// that day. A code the registry does not know is under nothing.
bool kioskUnder(const UnitRegistry& registry, const std::string& unitCode, const std::string& under, std::int64_t day) {
    const UnitRow* x = registry.find(unitCode, day);
    for (int step = 0; x != nullptr && step < 32; ++step) {
        x = registry.currentAt(*x, day);
        if (x->code == under) return true;
        x = registry.parentOf(*x, day);
    }
    return false;
}

}  // namespace

DataQuality dataQuality(const HqStore& store, const Report& report, bool trendShown,
                        std::optional<std::int64_t> today) {
    DataQuality q;
    ReportQuery byMonth = report.query;  // the same ratings (period, --under), a month a row
    byMonth.by = ReportBy::Month;
    byMonth.sort = ReportSort::Key;
    byMonth.top = byMonth.bottom = 0;
    std::int64_t wrongMonths = 0;  // months holding nothing but ratings dated by a wrong kiosk clock
    for (const ReportRow& month : buildReport(store, byMonth).rows) {
        if (month.ratings > 0 && month.clockSuspect >= month.ratings) ++wrongMonths;
        else if (month.ratings > 0) q.trend.emplace_back(month.key, percentOf(month.satisfied, month.ratings));
    }

    // A report --under a unit (a province's analyst in the browser) speaks of that unit's kiosks
    // only: nothing of another province, and no refused file (a file refused belongs to no unit).
    const std::string& under = report.query.under;
    const bool scoped = !under.empty();
    std::optional<UnitRegistry> registry;
    std::int64_t day = 0;
    if (scoped) {
        registry = store.registry();
        if (report.query.asOfDay) day = *report.query.asOfDay;
        else if (today) day = *today;
        else {
            const SystemClock clock;
            day = localDay(clock.wallMs(), clock.utcOffsetMinutes());
        }
    }
    std::map<std::string, std::string> unitOf;  // kiosk id -> unit code, of the kiosks spoken of
    for (const KioskStatus& k : store.kiosks()) {
        if (scoped && !kioskUnder(*registry, k.kiosk.unit.code, under, day)) continue;
        unitOf[k.kiosk.kioskId] = k.kiosk.unit.code;
        if (!k.missing.empty()) q.notes.push_back(missingBatches(k));
    }
    for (const StoredBatch& b : store.batches("", /*heldOnly=*/true)) {
        const auto unit = unitOf.find(b.kioskId);
        if (unit == unitOf.end()) continue;  // another unit's kiosk (every batch's kiosk is trusted)
        q.notes.push_back(heldBatch(b, kioskName(unit->second, b.kioskId)));
    }
    if (!scoped)
        for (const RefusedFile& f : store.refusedFiles())
            q.notes.push_back({"Tệp bị từ chối (refused) " + f.fileName + ": " + f.reason,
                               "Refused file " + f.fileName + ": " + f.reason});
    // (Under a unit, ratings of codes the registry does not know are not in the report.)
    if (!scoped && !report.unregistered.empty()) {
        std::int64_t ratings = 0;
        std::string codes;
        for (std::size_t i = 0; i < report.unregistered.size(); ++i) {
            ratings += report.unregistered[i].second;
            if (i < 20) codes += (i ? ", " : "") + report.unregistered[i].first;
        }
        if (report.unregistered.size() > 20) codes += ", …";
        q.notes.push_back(
            {countOf(ratings, "đánh giá", "đánh giá") + " của " + std::to_string(report.unregistered.size()) +
                 " mã đơn vị không có trong danh mục đơn vị (vẫn được tính): " + codes,
             countOf(ratings, "rating", "ratings") + " from " +
                 countOf(static_cast<std::int64_t>(report.unregistered.size()), "unit code", "unit codes") +
                 " not in the unit registry (counted all the same): " + codes});
    }
    const ReportRow& t = report.total;
    if (t.misuse > 0)
        q.notes.push_back({std::to_string(t.misuse) + " đánh giá nghi lạm dụng không tính vào tỷ lệ",
                           countOf(t.misuse, "response", "responses") + " flagged as misuse, left out of the rates"});
    if (t.clockSuspect > 0) {
        Text note{std::to_string(t.clockSuspect) + " đánh giá có đồng hồ ki-ốt sai",
                  countOf(t.clockSuspect, "response", "responses") + " with a wrong kiosk clock"};
        if (trendShown && wrongMonths > 0) {
            note.vi += " (" + std::to_string(wrongMonths) +
                       " tháng chỉ có các đánh giá này không vẽ trong biểu đồ diễn biến)";
            note.en += " (" + countOf(wrongMonths, "month", "months") + " holding only these " +
                       (wrongMonths == 1 ? "is" : "are") + " not drawn in the trend)";
        }
        q.notes.push_back(std::move(note));
    }
    return q;
}

}  // namespace hailong::core
