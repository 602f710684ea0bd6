#include "app/demo.h"

namespace hailong::app {

core::SessionContext demoContext() {
    core::SessionContext demo;
    demo.unit = {"CA-P-BENTHANH", "Công an phường Bến Thành", "commune", "Quầy số 2 — Căn cước công dân"};
    return demo;
}

// Drives a demo flow to the named screen, the way a citizen would get there.
bool driveToScreen(core::SurveyFlow& flow, core::ManualClock& clock, const std::string& screen) {
    const core::Questionnaire& q = flow.questionnaire();
    auto step = [&] { clock.advanceMs(1000); };
    if (screen == "idle") return true;
    const core::Question* target = nullptr;
    if (screen.rfind("question:", 0) == 0 && !(target = q.find(screen.substr(9)))) return false;
    // Answer each question so the target's condition holds; skip the others.
    auto answerFor = [&](const core::Question& asked) -> std::string {
        if (target && target->showIf.questionId == asked.id) return target->showIf.anyOf.front();
        return asked.options.back().id;
    };
    step();
    flow.answer(answerFor(q.mainQuestion()));
    if (screen == "main") {
        while (flow.screen() == core::Screen::Question) { step(); flow.back(); }
        return flow.screen() == core::Screen::Main;
    }
    if (screen == "thanks") {
        step();
        flow.finish();
        return flow.screen() == core::Screen::Thanks;
    }
    while (flow.screen() == core::Screen::Question && flow.currentQuestion()->id != target->id) {
        step();
        const core::Question& asked = *flow.currentQuestion();
        if (target->showIf.questionId == asked.id && asked.scale != core::Scale::MultiSelect) flow.answer(answerFor(asked));
        else flow.skip();
    }
    if (flow.screen() != core::Screen::Question) return false;
    if (target->scale == core::Scale::MultiSelect && target->options.size() > 2) {  // show ticked boxes
        step(); flow.toggle(target->options[0].id);
        step(); flow.toggle(target->options[2].id);
    }
    step();
    return true;
}

std::vector<std::string> allScreens(const core::Questionnaire& q) {
    std::vector<std::string> names{"idle", "main"};
    for (std::size_t i = 1; i < q.questions.size(); ++i) names.push_back("question:" + q.questions[i].id);
    names.push_back("thanks");
    return names;
}

} // namespace hailong::app
