#include "response.h"

#include <array>
#include <utility>

namespace hailong::core {

namespace {

// These names are stored in the database and travel in batches: never rename one.
constexpr std::array<std::pair<EndReason, std::string_view>, 5> EndReasonNames{{
    {EndReason::InProgress, "in_progress"},
    {EndReason::Completed, "completed"},
    {EndReason::Skipped, "skipped"},
    {EndReason::Timeout, "timeout"},
    {EndReason::Interrupted, "interrupted"},
}};

} // namespace

std::string_view endReasonName(EndReason why) {
    for (const auto& [reason, name] : EndReasonNames)
        if (reason == why) return name;
    return "in_progress";  // unreachable for valid enum values
}

std::optional<EndReason> endReasonFromName(std::string_view name) {
    for (const auto& [reason, known] : EndReasonNames)
        if (known == name) return reason;
    return std::nullopt;
}

const Answer* Response::answerTo(std::string_view questionId) const {
    for (const Answer& a : answers)
        if (a.questionId == questionId) return &a;
    return nullptr;
}

} // namespace hailong::core
