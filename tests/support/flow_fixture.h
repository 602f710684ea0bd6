#pragma once
// The citizen's flow with a fake clock and an in-memory store, for the flow tests
// (survey_flow.tests.cpp, survey_flow_comment.tests.cpp).
#include "flow/survey_flow.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

namespace hailong::test {

using namespace hailong::core;

/// The default questionnaire, its further questions offered (as shipped) or always asked.
inline Questionnaire defaultWithFurther(bool always) {
    Questionnaire q = defaultQuestionnaire();
    q.furtherAlways = always;
    return q;
}

struct FlowFixture {
    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    Questionnaire q;
    FlowConfig config;
    SurveyFlow flow{q, store, clock, ids, config};

    /// furtherAlways: every question is asked before the thank-you (a questionnaire with
    /// further_questions = "always"); false: as shipped, they are offered on the thank-you.
    explicit FlowFixture(bool furtherAlways = false) : q(defaultWithFurther(furtherAlways)) {
        SessionContext c;
        c.unit = {"U-01", "Công an phường Bến Thành", "commune", "Quầy 2"};
        flow.setContext(c);
    }
    // A citizen's taps are never closer than this in these tests, unless a test says so.
    void later(std::int64_t ms = 1000) { clock.advanceMs(ms); }
    Response only() {
        auto all = store.all();
        REQUIRE(all.size() == 1);
        return all.front();
    }
    void skipToThanks() {
        while (flow.screen() == Screen::Question || flow.screen() == Screen::Comment) {
            later();
            REQUIRE(flow.skip() == TapResult::Accepted);
        }
    }
    /// Taps keys of the comment keyboard as a person does (a little apart); ' ' is the space bar,
    /// an upper-case letter is shift, then the letter.
    void tapKeys(const std::string& keys) {
        for (const char c : keys)
            for (const std::string& id : tapsFor(c)) {
                clock.advanceMs(150);
                REQUIRE(flow.commentKey(id) == TapResult::Accepted);
            }
    }
    /// A citizen rates with `face`, takes the thank-you's offer and skips to the comment screen.
    void offerToComment(const std::string& face = "satisfied") {
        later();
        REQUIRE(flow.answer(face) == TapResult::Accepted);
        later();
        REQUIRE(flow.takeOffer() == TapResult::Accepted);
        skipToComment();
    }
    /// Skips every question up to the comment screen.
    void skipToComment() {
        while (flow.screen() == Screen::Question) {
            later();
            REQUIRE(flow.skip() == TapResult::Accepted);
        }
        REQUIRE(flow.screen() == Screen::Comment);
        later();
    }
};

/// A one-question questionnaire (yes / no), to switch to.
inline Questionnaire yesNoQuestionnaire() {
    auto q = parseQuestionnaire(R"(format = "hailong-questionnaire/1"
id = "yes-no"
version = 3
title = { vi = "Có / Không", en = "Yes / No" }

[[question]]
id = "overall"
scale = "yes_no"
text = { vi = "Quý khách có hài lòng không?", en = "Are you satisfied?" }
)",
                                "yes-no.toml");
    REQUIRE(q);
    return *q;
}

}  // namespace hailong::test
