#include "flow/settings_apply.h"

#include "store/questionnaire_choice.h"

namespace hailong::core {

std::vector<std::string> applySettings(const KioskSettings& before, const KioskSettings& now, SurveyFlow& flow,
                                       StaffFlow& staff, KioskDatabase& db, std::int64_t nowUtcMs,
                                       int idleOverrideSeconds, int followUpOverrideSeconds) {
    std::vector<std::string> log;
    if (now.questionnaireFile != before.questionnaireFile) {
        auto q = activateQuestionnaire(now.questionnaireFile, db, nowUtcMs);
        if (q) {
            log.push_back("questionnaire " + q->id + " v" + std::to_string(q->version) +
                          " chosen; in force from the next citizen");
            flow.setQuestionnaire(std::move(*q));
        } else {
            log.push_back(q.error() + "; the questionnaire in use is kept");
        }
    }
    flow.setConfig(flowConfigFrom(now, idleOverrideSeconds, followUpOverrideSeconds));
    SessionContext context = flow.context();
    context.unit = unitFrom(now);
    flow.setContext(std::move(context));
    staff.setDossierPattern(now.dossierPattern);
    log.push_back("settings changed and applied");
    return log;
}

}  // namespace hailong::core
