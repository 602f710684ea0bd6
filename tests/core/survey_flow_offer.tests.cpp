// The one-tap flow (issue 14): the vote, its follow-ups, a thank-you that offers the further
// questions; and the rules that keep one citizen's taps out of another's response.
#include "flow/survey_flow.h"
#include "support/flow_fixture.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
using Fixture = hailong::test::FlowFixture;  // the default questionnaire as shipped: further questions offered
using hailong::test::yesNoQuestionnaire;

const std::vector<std::string> kFurther{"question:times_came_back", "question:agencies_contacted",
                                        "question:officer_attitude", "question:on_time", "question:convenience"};
}  // namespace

TEST_CASE("a face ends with a thank-you that offers the further questions", "[flow][offer]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("very_satisfied") == TapResult::Accepted);
    REQUIRE(f.flow.screen() == Screen::Thanks);
    CHECK(f.flow.offerShown());
    CHECK(f.flow.offeredQuestions() == 5);
    CHECK_FALSE(f.flow.skipUndoable());
    CHECK(f.only().endReason == EndReason::InProgress);  // open while the offer shows
    const std::int64_t thankedWall = f.clock.wallMs();

    SECTION("left alone, it returns to the faces and the response is completed as of the thank-you") {
        f.clock.advanceMs(f.config.thanksOfferMs - 1);
        CHECK_FALSE(f.flow.tick());
        CHECK(f.flow.msUntilNextDeadline() == 1);
        f.clock.advanceMs(1);
        CHECK(f.flow.tick());
        CHECK(f.flow.screen() == Screen::Idle);
        const Response r = f.only();
        CHECK(r.endReason == EndReason::Completed);
        CHECK(r.endedUtcMs == thankedWall);
        CHECK(r.answers.size() == 1);
    }
    SECTION("a tap beside the offer returns to the faces at once") {
        f.later();
        REQUIRE(f.flow.dismissThanks() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK(f.only().endReason == EndReason::Completed);
    }
    SECTION("taking the offer asks the further questions, numbered, then the comment") {
        f.later();
        REQUIRE(f.flow.takeOffer() == TapResult::Accepted);
        for (std::size_t i = 0; i < kFurther.size(); ++i) {
            REQUIRE(f.flow.screenName() == kFurther[i]);
            CHECK(f.flow.position().index == static_cast<int>(i) + 1);
            CHECK(f.flow.position().count == 5);
            CHECK(f.flow.finishOffered() == (i + 1 < kFurther.size()));
            f.later();
            REQUIRE(f.flow.answer(f.flow.currentQuestion()->options.front().id) == TapResult::Accepted);
        }
        REQUIRE(f.flow.screen() == Screen::Comment);
        CHECK(f.flow.commentIsLastStep());
        CHECK(f.flow.position().count == 0);
        f.later();
        REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Thanks);
        CHECK_FALSE(f.flow.offerShown());
        const Response r = f.only();
        CHECK(r.endReason == EndReason::Completed);
        CHECK(r.answers.size() == 6);
    }
    SECTION("send and finish on a further question ends the response as skipped") {
        f.later();
        f.flow.takeOffer();
        f.later();
        f.flow.answer("none");
        f.later();
        REQUIRE(f.flow.finish() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Thanks);
        CHECK_FALSE(f.flow.offerShown());
        CHECK(f.only().endReason == EndReason::Skipped);
        CHECK(f.only().answers.size() == 2);
    }
}

TEST_CASE("the on-time question can be answered: result not received yet", "[flow][offer]") {
    const Questionnaire questionnaire = defaultQuestionnaire();
    const Question* q = questionnaire.find("on_time");
    REQUIRE(q);
    CHECK(q->scale == Scale::YesNo);
    REQUIRE(q->options.size() == 3);
    CHECK(q->options[2].id == "not_yet");
    CHECK(q->options[2].text.vi == "Chưa nhận kết quả");
    CHECK(q->options[2].text.en == "Result not received yet");
    CHECK(defaultQuestionnaire().version == 2);
}

TEST_CASE("not satisfied: the reasons come first, then the thank-you", "[flow][offer]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
    REQUIRE(f.flow.screenName() == "question:reasons");
    CHECK(f.flow.position().count == 0);  // not one of the numbered further questions
    CHECK_FALSE(f.flow.finishOffered());  // the thank-you is next anyway
    CHECK(f.flow.onLastQuestion());

    SECTION("two reasons and next") {
        f.later();
        f.flow.toggle("officer_attitude");
        f.later();
        f.flow.toggle("not_on_time");
        f.later();
        REQUIRE(f.flow.next() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Thanks);
        CHECK(f.flow.offerShown());
        CHECK(f.only().answerTo("reasons")->values == std::vector<std::string>{"officer_attitude", "not_on_time"});
    }
    SECTION("skipped") {
        f.later();
        REQUIRE(f.flow.skip() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Thanks);
    }
    SECTION("the other reason: the comment, whose done leads to the thank-you, and is not asked again") {
        f.later();
        f.flow.toggle("other");
        f.later();
        f.flow.next();
        REQUIRE(f.flow.screen() == Screen::Comment);
        CHECK(f.flow.commentIsLastStep());
        f.later();
        f.tapKeys("xeesp hangf laau");
        f.later();
        REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
        REQUIRE(f.flow.screen() == Screen::Thanks);
        CHECK(f.flow.offeredQuestions() == 5);
        f.later();
        f.flow.takeOffer();
        for (std::size_t i = 0; i < kFurther.size(); ++i) {
            REQUIRE(f.flow.screenName() == kFurther[i]);
            f.later();
            f.flow.skip();
        }
        CHECK(f.flow.screen() == Screen::Thanks);  // no second comment screen
        const Response r = f.only();
        CHECK(r.comment == "xếp hàng lâu");
        CHECK(r.endReason == EndReason::Completed);
    }
    SECTION("back from the first further question returns to the reasons") {
        f.later();
        f.flow.toggle("officer_attitude");
        f.later();
        f.flow.next();
        f.later();
        f.flow.takeOffer();
        REQUIRE(f.flow.screenName() == "question:times_came_back");
        f.later();
        REQUIRE(f.flow.back() == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:reasons");
        f.later();
        f.flow.next();
        CHECK(f.flow.screenName() == "question:times_came_back");  // the offer stays taken
    }
}

TEST_CASE("a questionnaire may always ask its further questions", "[flow][offer]") {
    Fixture f{true};
    f.later();
    f.flow.answer("satisfied");
    CHECK(f.flow.screenName() == "question:times_came_back");
    CHECK(f.flow.position().index == 1);
    CHECK(f.flow.position().count == 5);

    auto parsed = parseQuestionnaire(R"(format = "hailong-questionnaire/1"
id = "always"
version = 1
further_questions = "always"
title = { vi = "Luôn hỏi", en = "Always" }
[[question]]
id = "overall"
scale = "three_level"
text = { vi = "Hài lòng?", en = "Satisfied?" }
)",
                                     "always.toml");
    REQUIRE(parsed);
    CHECK(parsed->furtherAlways);
    CHECK_FALSE(
        parseQuestionnaire("format = \"hailong-questionnaire/1\"\nfurther_questions = \"sometimes\"\n", "x.toml"));
}

TEST_CASE("a questionnaire without further questions offers the comment", "[flow][offer]") {
    Fixture f;
    f.flow.setQuestionnaire(yesNoQuestionnaire());
    f.later();
    f.flow.answer("yes");
    REQUIRE(f.flow.screen() == Screen::Thanks);
    CHECK(f.flow.offerShown());
    CHECK(f.flow.offeredQuestions() == 0);
    f.later();
    REQUIRE(f.flow.takeOffer() == TapResult::Accepted);
    CHECK(f.flow.screen() == Screen::Comment);
}

TEST_CASE("the procedure is the first of the further questions", "[flow][offer][procedure]") {
    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    FlowConfig config;
    config.procedures = {{"CCCD", {"Cấp thẻ Căn cước", "Identity card"}}};
    SurveyFlow flow(defaultQuestionnaire(), store, clock, ids, config);
    clock.advanceMs(1000);
    flow.answer("satisfied");
    REQUIRE(flow.offeredQuestions() == 6);
    clock.advanceMs(1000);
    flow.takeOffer();
    REQUIRE(flow.screenName() == "procedure");
    CHECK(flow.position().index == 1);
    CHECK(flow.position().count == 6);
    clock.advanceMs(1000);
    flow.pickProcedure("CCCD");
    CHECK(flow.screenName() == "question:times_came_back");
    CHECK(flow.position().index == 2);
}

TEST_CASE("a follow-up screen left alone ends the response after the follow-up timeout", "[flow][offer][timeout]") {
    Fixture f;
    f.later();
    f.flow.answer("not_satisfied");
    REQUIRE(f.flow.msUntilNextDeadline() == f.config.followUpTimeoutMs);
    CHECK(f.config.followUpTimeoutMs == 15'000);
    f.clock.advanceMs(f.config.followUpTimeoutMs - 1);
    CHECK_FALSE(f.flow.tick());
    f.clock.advanceMs(1);
    CHECK(f.flow.tick());
    CHECK(f.flow.screen() == Screen::Idle);
    CHECK(f.only().endReason == EndReason::Timeout);
}

// The kiosk's loop may wake late (a busy PC): the rules below must hold even when no tick() ran
// between the walk-away and the next citizen's tap.
TEST_CASE("one citizen's taps never change another's response", "[flow][offer][walkaway]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("very_satisfied") == TapResult::Accepted);
    f.later();
    REQUIRE(f.flow.takeOffer() == TapResult::Accepted);
    f.later();
    REQUIRE(f.flow.back() == TapResult::Accepted);
    REQUIRE(f.flow.screen() == Screen::Main);  // the faces, within the first citizen's response

    SECTION("within the same session, a face there changes the vote and the questions go on") {
        f.later();
        REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:times_came_back");
        CHECK(f.only().answerTo("overall")->values == std::vector<std::string>{"satisfied"});
    }
    SECTION("after a gap, a face is a new response and the old vote stays") {
        f.clock.advanceMs(f.config.followUpTimeoutMs);
        REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
        const auto all = f.store.all();
        REQUIRE(all.size() == 2);
        CHECK(all[0].answerTo("overall")->values == std::vector<std::string>{"very_satisfied"});
        CHECK(all[0].endReason == EndReason::Timeout);
        CHECK(all[1].answerTo("overall")->values == std::vector<std::string>{"not_satisfied"});
        CHECK(f.flow.screenName() == "question:reasons");
    }
    SECTION("after a gap, a tap on a question is not taken into the old response") {
        f.later();
        f.flow.next();  // the vote kept; the questions again
        REQUIRE(f.flow.screenName() == "question:times_came_back");
        f.clock.advanceMs(f.config.followUpTimeoutMs);
        CHECK(f.flow.answer("once") == TapResult::Invalid);
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK(f.only().answerTo("times_came_back") == nullptr);
        CHECK(f.only().endReason == EndReason::Timeout);
        CHECK(f.flow.back() == TapResult::Invalid);  // no way back into it either
    }
}

TEST_CASE("the follow-up timeout comes from the settings and the command line", "[flow][offer][settings]") {
    KioskSettings s;
    CHECK(flowConfigFrom(s).followUpTimeoutMs == 15'000);
    s.followUpTimeoutSeconds = 25;
    CHECK(flowConfigFrom(s).followUpTimeoutMs == 25'000);
    CHECK(flowConfigFrom(s, 0, 4).followUpTimeoutMs == 4'000);
    s.followUpTimeoutSeconds = 3;
    CHECK_FALSE(validateSettings(s).empty());
}

TEST_CASE("a tap soon after a screen change counts unless it lands where the last one did", "[flow][offer][debounce]") {
    Fixture f;
    f.later();
    f.flow.setTapPoint(TapPoint{600, 400, 40});
    REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
    REQUIRE(f.flow.screenName() == "question:reasons");
    f.clock.advanceMs(120);

    SECTION("on the same spot: the double tap's second half") {
        f.flow.setTapPoint(TapPoint{610, 395, 40});
        CHECK(f.flow.toggle("officer_attitude") == TapResult::Debounced);
    }
    SECTION("elsewhere: a tap of its own") {
        f.flow.setTapPoint(TapPoint{200, 300, 40});
        CHECK(f.flow.toggle("officer_attitude") == TapResult::Accepted);
    }
    SECTION("where it landed is unknown (tests, physical keys): taken as a double tap") {
        f.flow.setTapPoint(std::nullopt);
        CHECK(f.flow.toggle("officer_attitude") == TapResult::Debounced);
    }
    SECTION("the first key on the comment screen is never lost") {
        f.flow.setTapPoint(TapPoint{200, 300, 40});
        f.later();
        f.flow.toggle("other");
        f.later();
        f.flow.setTapPoint(TapPoint{1100, 650, 40});  // Next, bottom right
        REQUIRE(f.flow.next() == TapResult::Accepted);
        REQUIRE(f.flow.screen() == Screen::Comment);
        f.clock.advanceMs(150);
        f.flow.setTapPoint(TapPoint{300, 500, 40});
        CHECK(f.flow.commentKey("key:t") == TapResult::Accepted);
        CHECK(f.flow.commentInput()->text() == "t");
    }
}

TEST_CASE("a comment skipped by mistake can be brought back from the thank-you", "[flow][offer][comment]") {
    Fixture f;
    f.offerToComment();
    f.tapKeys("Nhanh");
    f.later();
    REQUIRE(f.flow.commentKey("key:skip") == TapResult::Accepted);
    REQUIRE(f.flow.screen() == Screen::Thanks);
    CHECK(f.flow.skipUndoable());
    CHECK_FALSE(f.flow.offerShown());
    CHECK(f.only().comment.empty());

    SECTION("undo: the text is back on the keyboard, and done stores it") {
        f.later();
        REQUIRE(f.flow.undoSkip() == TapResult::Accepted);
        REQUIRE(f.flow.screen() == Screen::Comment);
        CHECK(f.flow.commentInput()->text() == "Nhanh");
        f.later();
        REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
        CHECK(f.only().comment == "Nhanh");
        CHECK(f.only().endReason == EndReason::Completed);
    }
    SECTION("no undo: the response ends without the comment when the thank-you goes") {
        f.clock.advanceMs(f.config.thanksOfferMs);
        CHECK(f.flow.tick());
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK(f.only().comment.empty());
        CHECK(f.only().endReason == EndReason::Completed);
    }
    SECTION("an empty comment skipped has nothing to bring back") {
        Fixture g;
        g.offerToComment();
        REQUIRE(g.flow.commentKey("key:skip") == TapResult::Accepted);
        CHECK(g.flow.screen() == Screen::Thanks);
        CHECK_FALSE(g.flow.skipUndoable());
        CHECK(g.only().endReason == EndReason::Completed);
    }
}

TEST_CASE("a quick comment is added with one tap, in the citizen's language", "[flow][offer][comment]") {
    Fixture f;
    REQUIRE(f.q.quickComments.size() == 3);
    f.later();
    f.flow.answer("not_satisfied");
    f.later();
    f.flow.toggle("other");
    f.later();
    f.flow.next();
    REQUIRE(f.flow.screen() == Screen::Comment);
    f.later();
    REQUIRE(f.flow.quickComment(1) == TapResult::Accepted);
    CHECK(f.flow.commentInput()->text() == "Thời gian chờ lâu");
    f.later();
    REQUIRE(f.flow.quickComment(0) == TapResult::Accepted);
    CHECK(f.flow.commentInput()->text() == "Thời gian chờ lâu, Cán bộ nhiệt tình");
    CHECK(f.flow.quickComment(9) == TapResult::Invalid);
    f.later();
    f.flow.commentKey("key:done");
    CHECK(f.only().comment == "Thời gian chờ lâu, Cán bộ nhiệt tình");

    SECTION("in English for an English reader") {
        Fixture g;
        g.later();
        g.flow.setLanguage(Language::En);
        g.offerToComment();
        REQUIRE(g.flow.quickComment(2) == TapResult::Accepted);
        CHECK(g.flow.commentInput()->text() == "Quick procedure");
    }
    SECTION("nowhere else") {
        Fixture g;
        CHECK(g.flow.quickComment(0) == TapResult::Invalid);
    }
}

TEST_CASE("clearing the comment can be undone for a few seconds", "[flow][offer][comment]") {
    Fixture f;
    f.offerToComment();
    f.tapKeys("Nhanh");
    f.later();
    REQUIRE(f.flow.commentKey("key:clear") == TapResult::Accepted);
    CHECK(f.flow.commentInput()->text().empty());
    CHECK(f.flow.clearUndoable());
    CHECK(f.flow.msUntilNextDeadline() == f.config.undoMs);

    SECTION("undo within the time brings the text back") {
        f.clock.advanceMs(f.config.undoMs - 1000);
        REQUIRE(f.flow.commentKey("key:undo") == TapResult::Accepted);
        CHECK(f.flow.commentInput()->text() == "Nhanh");
        CHECK_FALSE(f.flow.clearUndoable());
    }
    SECTION("after the time the undo goes away by itself") {
        f.clock.advanceMs(f.config.undoMs);
        CHECK(f.flow.tick());  // the screen changes: the key is gone
        CHECK(f.flow.screen() == Screen::Comment);
        CHECK_FALSE(f.flow.clearUndoable());
        CHECK_FALSE(f.flow.commentInput()->canUndoClear());
        CHECK(f.flow.commentKey("key:undo") == TapResult::Invalid);
        CHECK(f.flow.commentInput()->text().empty());
    }
}

TEST_CASE("after a pause the faces of a response are not offered again, and a face there is a new response",
          "[flow][offer][walkaway]") {
    Fixture f;
    f.later();
    f.flow.answer("very_satisfied");
    f.later();
    f.flow.takeOffer();
    REQUIRE(f.flow.screenName() == "question:times_came_back");

    SECTION("Quay lại after a pause ends the response and shows the idle faces") {
        f.clock.advanceMs(f.config.revoteGapMs);  // less than the follow-up timeout: still on screen
        REQUIRE(f.flow.screenName() == "question:times_came_back");
        REQUIRE(f.flow.back() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK(f.only().endReason == EndReason::Timeout);
        f.later();
        REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
        const auto all = f.store.all();
        REQUIRE(all.size() == 2);
        CHECK(all[0].answerTo("overall")->values == std::vector<std::string>{"very_satisfied"});
        CHECK(all[1].answerTo("overall")->values == std::vector<std::string>{"not_satisfied"});
    }
    SECTION("without a pause Quay lại leads to the faces of the same response") {
        f.clock.advanceMs(f.config.revoteGapMs - 1);
        REQUIRE(f.flow.back() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Main);
        SECTION("and a face tapped there after a pause is a new response") {
            f.clock.advanceMs(f.config.revoteGapMs);
            REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
            const auto all = f.store.all();
            REQUIRE(all.size() == 2);
            CHECK(all[0].answerTo("overall")->values == std::vector<std::string>{"very_satisfied"});
            CHECK(all[0].endReason == EndReason::Timeout);
            CHECK(all[1].answerTo("overall")->values == std::vector<std::string>{"satisfied"});
        }
        SECTION("and a face tapped there at once changes the vote") {
            f.later();
            REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
            CHECK(f.only().answerTo("overall")->values == std::vector<std::string>{"satisfied"});
        }
    }
}
