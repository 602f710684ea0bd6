// libFuzzer target: the questionnaire loader (parseQuestionnaire), which reads files a unit
// writes by hand and copies to the kiosk (DATA_DIR/questionnaires/*.toml, listed on the staff
// side). Whatever the text, it must not crash, leak or hang; it is accepted or refused with a
// place and a reason, the same way twice; and what it accepts holds the promises of
// survey/questionnaire.h and docs/questionnaire-format.md that the flows rely on.
// Seeds: assets/questionnaires and tests/data/questionnaires (copied by the fuzz_seeds target).
#include "survey/questionnaire.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

using namespace hailong::core;

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "fuzz_questionnaire: %s\n", what);
    std::abort();
}

void acceptedHolds(const Questionnaire& q, std::string_view text) {
    if (q.source != text) broken("an accepted questionnaire does not keep its exact text");
    if (q.questions.empty() || q.questions.size() > 30)
        broken("an accepted questionnaire has no or too many questions");
    if (!q.mainQuestion().showIf.always()) broken("the main question has a show_if");
    if (q.mainQuestion().scale == Scale::MultiSelect) broken("the main question is multi_select");
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < q.questions.size(); ++i) {
        const Question& question = q.questions[i];
        if (!ids.insert(question.id).second) broken("two questions have the same id");
        if (q.indexOf(question.id) != static_cast<int>(i) || q.find(question.id) != &question)
            broken("a question is not found by its id");
        if (scaleHasFixedOptions(question.scale) ? question.options.empty()
                                                 : question.options.size() < 2 || question.options.size() > 12)
            broken("a question has no options, or a choice has fewer than 2 or more than 12");
        std::set<std::string, std::less<>> options;
        for (const Option& o : question.options)
            if (!options.insert(o.id).second) broken("two options of a question have the same id");
        if (!question.showIf.always()) {
            const int shownAfter = q.indexOf(question.showIf.questionId);
            if (shownAfter < 0 || shownAfter >= static_cast<int>(i)) broken("a show_if looks at no earlier question");
            const Question& looked = q.questions[static_cast<std::size_t>(shownAfter)];
            for (const std::string& value : question.showIf.anyOf) {
                bool known = false;
                for (const Option& o : looked.options) known = known || o.id == value;
                if (!known) broken("a show_if value is not an option of the question it looks at");
            }
            (void)q.followsVote(question);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto q = parseQuestionnaire(text, "fuzz.toml");
    const auto again = parseQuestionnaire(text, "fuzz.toml");
    if (bool(q) != bool(again)) broken("the same text is accepted once and refused once");
    if (!q) {
        const LoadError& e = q.error();
        if (e.file != "fuzz.toml" || e.message.empty() || e.line < 0 || e.column < 0)
            broken("a refusal does not say where and why");
        if (e.toString() != again.error().toString()) broken("the same text is refused for two reasons");
        return 0;
    }
    acceptedHolds(*q, text);
    return 0;
}
