#include "survey/response.h"

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

}  // namespace

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

ResponseView viewOf(const Response& r) {
    ResponseView v;
    v.seq = r.seq;
    v.uuid = r.uuid;
    v.kioskId = r.kioskId;
    v.unitCode = r.unit.code;
    v.unitName = r.unit.name;
    v.unitLevel = r.unit.level;
    v.counter = r.unit.counter;
    v.officerId = r.officerId;
    v.procedureCode = r.procedureCode;
    v.dossierCode = r.dossierCode;
    v.supersedesUuid = r.supersedesUuid;
    v.questionnaireId = r.questionnaireId;
    v.questionnaireVersion = r.questionnaireVersion;
    v.language = languageCode(r.language);
    v.comment = r.comment;
    v.startedUtcMs = r.startedUtcMs;
    v.endedUtcMs = r.endedUtcMs;
    v.utcOffsetMinutes = r.utcOffsetMinutes;
    v.bootId = r.bootId;
    v.startedMonoMs = r.startedMonoMs;
    v.endedMonoMs = r.endedMonoMs;
    v.endReason = endReasonName(r.endReason);
    v.misuseFlags = r.misuseFlags;
    for (const Answer& a : r.answers)
        for (const std::string& value : a.values)
            v.values.push_back({a.questionId, scaleName(a.scale), value, a.answeredUtcMs});
    return v;
}

}  // namespace hailong::core
