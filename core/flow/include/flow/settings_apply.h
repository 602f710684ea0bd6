#pragma once
// Saved settings put in force without a restart (issue 3): the citizen flow's timers,
// language and opening hours, the unit stamped on responses, the dossier pattern, and
// the questionnaire (from the next citizen on; one in the middle of a response finishes
// with the questionnaire it started).
#include "flow/staff_flow.h"
#include "flow/survey_flow.h"
#include "store/kiosk_database.h"
#include "survey/settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hailong::core {

/// Applies `now` (just saved) over `before` (in force until now). Returns lines for the
/// kiosk's log; a questionnaire that cannot be activated is reported there and the one in
/// use is kept. idleOverrideSeconds > 0 (the command line) wins over the idle timeout.
/// Throws StorageError only if the database cannot be written.
std::vector<std::string> applySettings(const KioskSettings& before, const KioskSettings& now, SurveyFlow& flow,
                                       StaffFlow& staff, KioskDatabase& db, std::int64_t nowUtcMs,
                                       int idleOverrideSeconds = 0, int followUpOverrideSeconds = 0);

}  // namespace hailong::core
