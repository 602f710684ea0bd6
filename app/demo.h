#pragma once
// Demo data and navigation for screenshots and layout tests: reaches any screen the
// way a citizen would, with a manual clock.
#include "core/clock.h"
#include "core/survey_flow.h"

#include <string>
#include <vector>

namespace hailong::app {

/// A plausible unit and counter for pictures.
core::SessionContext demoContext();
/// Taps through flow until screenName() is `screen` ("idle", "main", "question:<id>",
/// "thanks"); returns false for a screen that does not exist.
bool driveToScreen(core::SurveyFlow& flow, core::ManualClock& clock, const std::string& screen);
/// Every screen name of a questionnaire.
std::vector<std::string> allScreens(const core::Questionnaire& q);

} // namespace hailong::app
