#pragma once
// Satisfaction figures at headquarters (SPEC 2 and 7, issue 5), always from pooled raw counts,
// never by averaging percentages, under the three definitions in use:
//   1. event-based (police practice): ratings satisfied or very satisfied / all ratings of
//      the main question;
//   2. SIPAS top-2-box: (Hài lòng + Rất hài lòng) / all answers of 5-level questions;
//   3. Decision 766/QĐ-TTg (2022), per dossier: (dossiers − dossiers rated not satisfied) /
//      dossiers, counting only dossier-linked ratings, the latest rating of each dossier.
// Misuse-flagged responses are counted apart and left out of the figures; responses replaced
// by a later rating of the same dossier are left out; clock-suspect ones are counted apart
// (and kept in the figures: their answers are genuine, their dates are not).
#include "hq/hq_store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hailong::core {

/// Counter: the desks of each unit (the counter its kiosk was registered at), key "UNIT/counter",
/// whole months as by officer or procedure.
enum class ReportBy { Unit, Province, Level, Procedure, Officer, Counter, Question, Day, Month };
/// "unit", "province", "level", "procedure", "officer", "counter", "question", "day", "month".
std::optional<ReportBy> reportByFromName(const std::string& name);

/// The order of the rows: by key (code, level from the top, date), by name, by ratings (most
/// first) or by satisfaction (highest first; groups with too few ratings last).
enum class ReportSort { Key, Name, Ratings, Rate };
std::optional<ReportSort> reportSortFromName(const std::string& name);  ///< "key", "name", "ratings", "rate"

/// Groups with fewer ratings than this are marked and not ranked: below 30, one rating moves the
/// share by more than 3 points and the 95% margin of a share near 87% is wider than ±12 points
/// (Wilson interval), so two such units cannot be told apart by their percentages.
constexpr std::int64_t DefaultMinRatings = 30;

struct ReportQuery {
    std::optional<std::int64_t> fromDay;  ///< ratings started on or after this local date (hq_tally.h: localDay)
    std::optional<std::int64_t> toDay;    ///< ... on or before this one
    ReportBy by = ReportBy::Unit;
    /// Count former units under their successors of this date (the registry's successors and
    /// parents as of then); without it, units are reported as they were when the rating was given.
    std::optional<std::int64_t> asOfDay;
    std::string under;  ///< only this unit and the units under it (a registry code; "" all)
    ReportSort sort = ReportSort::Key;
    std::size_t top = 0, bottom = 0;  ///< only the N highest / lowest ranked groups (0: all)
    std::int64_t minRatings = DefaultMinRatings;
};

/// Raw counts of one group; the percentages are derived from them.
struct ReportRow {
    std::string key;    ///< the group: unit code, level, procedure code, officer id, "UNIT/counter", question id, date
    std::string label;  ///< a name for people where there is one (the unit's name, the counter's)
    std::int64_t ratings = 0;       ///< main-question ratings counted (definition 1)
    std::int64_t satisfied = 0;     ///< of which satisfied or very satisfied
    std::int64_t sipasAnswers = 0;  ///< answers of 5-level questions (definition 2)
    std::int64_t sipasTop2 = 0;
    std::int64_t dossiers = 0;  ///< dossiers rated (definition 3)
    std::int64_t dossiersNotSatisfied = 0;
    std::int64_t misuse = 0;                     ///< responses flagged as misuse, left out
    std::int64_t superseded = 0;                 ///< replaced by a later rating of the same dossier, left out
    std::int64_t held = 0;                       ///< in batches held apart or set aside (batch_ledger.h), left out
    std::int64_t clockSuspect = 0;               ///< responses with a wrong kiosk clock (counted in)
    std::map<std::string, std::int64_t> values;  ///< main-question ratings per answer value
    // By unit, province or counter, from the unit registry:
    std::string level;          ///< central | province | district | commune ("" unknown)
    std::string endedOn;        ///< "2025-06-30" for a former unit shown as it was ("" current)
    std::string province;       ///< by unit or counter: the code of the province it rolls up into ("" none)
    std::string provinceLabel;  ///< ... and its name
    bool registered = true;     ///< false: the unit code is not in the registry (counted all the same)
    bool fewRatings = false;    ///< fewer ratings than the query's minRatings: marked, not ranked
    ReportRow& operator+=(const ReportRow& o);
};

/// NaN-free percentages: 0 when there is nothing to divide.
double percentOf(std::int64_t part, std::int64_t whole);

struct Report {
    ReportQuery query;
    std::vector<ReportRow> rows;  ///< in the query's order; only the top/bottom N if asked
    ReportRow total;              ///< pooled over every group (not an average of them), shown or not
    std::size_t groups = 0;       ///< groups in all, before top/bottom
    std::size_t notRanked = 0;    ///< groups with too few ratings, left out of a top/bottom list
    /// Unit codes of the period's ratings that the registry does not know, with their ratings:
    /// counted in every figure all the same (a data-quality note).
    std::vector<std::pair<std::string, std::int64_t>> unregistered;
    std::string underLabel;  ///< the name of query.under, for titles
};

/// A report that cannot be made as asked (the message says why, in English and Vietnamese).
struct ReportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Throws ReportError (by officer, procedure or counter over part of a month: days are kept per
/// unit only; an --under code the registry does not know), StorageError.
Report buildReport(const HqStore& store, const ReportQuery& query);

/// "86.69%": two decimals, as official reports write it.
std::string formatPercent(double percent);
/// A terminal table.
std::string reportTable(const Report& r);
/// RFC 4180 CSV with a header row (UTF-8, no BOM: for programs; the xlsx is for people).
std::string reportCsv(const Report& r);

}  // namespace hailong::core
