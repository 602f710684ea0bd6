#pragma once
// One citizen's response: every field of SPEC section 5.
#include "survey/questionnaire.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

/// How a response ended (SPEC 3).
enum class EndReason {
    InProgress,   ///< the citizen is still answering
    Completed,    ///< reached the thank-you screen through the last question
    Skipped,      ///< the citizen chose to finish early
    Timeout,      ///< the citizen walked away; the idle timeout ended it
    Interrupted,  ///< the kiosk stopped (quit, crash, power cut) while it was open
};
std::string_view endReasonName(EndReason);  ///< "in_progress", "completed", ...
std::optional<EndReason> endReasonFromName(std::string_view);

/// Misuse flags: they mark a response, never drop it (SPEC 2).
namespace misuse {
constexpr std::uint32_t RapidRepeat = 1u << 0;   ///< new rating seconds after the previous one
constexpr std::uint32_t Burst = 1u << 1;         ///< part of a burst of identical ratings
constexpr std::uint32_t OutsideHours = 1u << 2;  ///< given outside opening hours (issue 3)
}  // namespace misuse

struct Answer {
    std::string questionId;
    Scale scale = Scale::ThreeLevel;
    std::vector<std::string> values;  ///< one value, or the chosen options of a multi-select
    std::int64_t answeredUtcMs = 0;
    bool operator==(const Answer& o) const {
        return questionId == o.questionId && scale == o.scale && values == o.values && answeredUtcMs == o.answeredUtcMs;
    }
};

/// Where the kiosk stands; copied into every response.
struct UnitInfo {
    std::string code;
    std::string name;
    /// "central" | "province" | "commune" | "" (not set); "district" in data recorded before 2025
    /// (and from a kiosk set up then, until its level is changed): see isFormerUnitLevel.
    std::string level;
    std::string counter;  ///< the counter's name, e.g. "Quầy số 1"
};

struct Response {
    std::string uuid;
    std::string kioskId;
    std::int64_t seq = 0;  ///< per-kiosk, strictly increasing, assigned by the store

    UnitInfo unit;
    std::string officerId;       ///< empty unless an officer is signed in (issue 3)
    std::string procedureCode;   ///< empty unless known
    std::string dossierCode;     ///< empty unless linked
    std::string supersedesUuid;  ///< earlier response of the same dossier on this kiosk, if any (set by the store)

    std::string questionnaireId;
    int questionnaireVersion = 0;
    Language language = Language::Vi;  ///< language the response was given in (last used)

    std::vector<Answer> answers;  ///< in the order first given (a replaced answer keeps its place)
    std::string comment;

    std::int64_t startedUtcMs = 0;
    std::int64_t endedUtcMs = 0;  ///< 0 while in progress
    int utcOffsetMinutes = 0;
    std::string bootId;
    std::int64_t startedMonoMs = 0;
    std::int64_t endedMonoMs = 0;  ///< 0 while in progress

    EndReason endReason = EndReason::InProgress;
    std::uint32_t misuseFlags = 0;

    const Answer* answerTo(std::string_view questionId) const;
};

/// A response borrowed from where it is stored, for large exports: the same fields as
/// Response, as views valid only during the call that gives it. Names (language, end reason,
/// scale) are as stored (languageCode, endReasonName, scaleName).
struct AnswerValueView {
    std::string_view questionId;
    std::string_view scale;
    std::string_view value;
    std::int64_t answeredUtcMs = 0;
};
struct ResponseView {
    std::int64_t seq = 0;
    std::string_view uuid;
    std::string_view kioskId;
    std::string_view unitCode, unitName, unitLevel, counter;
    std::string_view officerId, procedureCode, dossierCode, supersedesUuid;
    std::string_view questionnaireId;
    int questionnaireVersion = 0;
    std::string_view language;
    std::string_view comment;
    std::int64_t startedUtcMs = 0, endedUtcMs = 0;
    int utcOffsetMinutes = 0;
    std::string_view bootId;
    std::int64_t startedMonoMs = 0, endedMonoMs = 0;
    std::string_view endReason;
    std::uint32_t misuseFlags = 0;
    /// One entry per value, in answer order: the values of a multi-select answer are
    /// consecutive entries with the same question.
    std::vector<AnswerValueView> values;
};

/// The view of a response held in memory (valid while r lives and is not changed).
ResponseView viewOf(const Response& r);

}  // namespace hailong::core
