#pragma once
// One citizen's response: every field of SPEC section 5.
#include "questionnaire.h"

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
} // namespace misuse

struct Answer {
    std::string questionId;
    Scale scale = Scale::ThreeLevel;
    std::vector<std::string> values;  ///< one value, or the chosen options of a multi-select
    std::int64_t answeredUtcMs = 0;
    bool operator==(const Answer& o) const {
        return questionId == o.questionId && scale == o.scale && values == o.values &&
               answeredUtcMs == o.answeredUtcMs;
    }
};

/// Where the kiosk stands; copied into every response.
struct UnitInfo {
    std::string code;
    std::string name;
    std::string level;    ///< "central" | "province" | "district" | "commune" | "" (not set)
    std::string counter;  ///< the counter's name, e.g. "Quầy số 1"
};

struct Response {
    std::string uuid;
    std::string kioskId;
    std::int64_t seq = 0;  ///< per-kiosk, strictly increasing, assigned by the store

    UnitInfo unit;
    std::string officerId;      ///< empty unless an officer is signed in (issue 3)
    std::string procedureCode;  ///< empty unless known
    std::string dossierCode;    ///< empty unless linked
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

} // namespace hailong::core
