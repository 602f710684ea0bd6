// The comment screen of the citizen's flow (issue 6): when it shows, typing by touch and by a
// physical keyboard, bouncing keys, time-outs, scans, settings, storage failures.
#include "flow/survey_flow.h"
#include "support/flow_fixture.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
// These cases ask every question before the thank-you, as a questionnaire with
// further_questions = "always" does; the comment in the one-tap flow: survey_flow_offer.tests.cpp.
struct Fixture : hailong::test::FlowFixture {
    Fixture() : FlowFixture(true) {}
};
using hailong::test::yesNoQuestionnaire;
}  // namespace

TEST_CASE("a comment typed by touch after the last question is stored with the response", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    REQUIRE(f.flow.commentInput() != nullptr);
    CHECK(f.flow.commentInput()->vietnamese());
    CHECK_FALSE(f.flow.commentForOtherReason());
    CHECK(f.flow.currentQuestion() == nullptr);
    f.tapKeys("Tooi raats hafi lofng");
    CHECK(f.flow.commentInput()->text() == "Tôi rất hài lòng");
    CHECK(f.only().comment.empty());  // stored when the citizen is done, not key by key
    f.later();
    REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
    CHECK(f.flow.screen() == Screen::Thanks);
    const Response r = f.only();
    CHECK(r.comment == "Tôi rất hài lòng");
    CHECK(r.endReason == EndReason::Completed);
    CHECK(f.flow.commentInput() == nullptr);  // gone with the response
}

TEST_CASE("ticking the other reason asks for it at once, then the questions go on", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("not_satisfied");
    REQUIRE(f.flow.screenName() == "question:reasons");
    f.later();
    f.flow.toggle("officer_attitude");
    f.later();
    f.flow.toggle("other");
    f.later();
    REQUIRE(f.flow.next() == TapResult::Accepted);
    REQUIRE(f.flow.screen() == Screen::Comment);
    CHECK(f.flow.commentForOtherReason());
    f.later();
    f.tapKeys("xeesp hangf quas laau");

    SECTION("done goes on to the next question, and the comment is not asked for again") {
        f.later();
        REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:times_came_back");
        CHECK(f.only().comment == "xếp hàng quá lâu");
        f.skipToThanks();
        CHECK(f.flow.screen() == Screen::Thanks);
        const Response r = f.only();
        CHECK(r.comment == "xếp hàng quá lâu");
        CHECK(r.answerTo("reasons")->values == std::vector<std::string>{"officer_attitude", "other"});
    }
    SECTION("back returns to the reasons and keeps the text typed") {
        f.later();
        REQUIRE(f.flow.back() == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:reasons");
        f.later();
        REQUIRE(f.flow.next() == TapResult::Accepted);
        REQUIRE(f.flow.screen() == Screen::Comment);
        CHECK(f.flow.commentInput()->text() == "xếp hàng quá lâu");
    }
    SECTION("skip drops the text, and the end does not ask again") {
        f.later();
        REQUIRE(f.flow.commentKey("key:skip") == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:times_came_back");
        f.skipToThanks();
        CHECK(f.only().comment.empty());
    }
    SECTION("without the other reason, next goes straight on") {
        f.later();
        f.flow.back();
        f.later();
        f.flow.toggle("other");
        f.later();
        f.flow.next();
        CHECK(f.flow.screenName() == "question:times_came_back");
    }
}

TEST_CASE("a comment being typed when the citizen walks away is kept", "[flow][comment][timeout]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    f.tapKeys("Nhanh chongs");
    // Typing takes longer than tapping: the comment screen waits twice the idle timeout.
    f.clock.advanceMs(f.config.idleTimeoutMs);
    CHECK_FALSE(f.flow.tick());
    CHECK(f.flow.msUntilNextDeadline() == f.config.idleTimeoutMs);
    f.clock.advanceMs(f.config.idleTimeoutMs);
    CHECK(f.flow.tick());
    CHECK(f.flow.screen() == Screen::Idle);
    const Response r = f.only();
    CHECK(r.comment == "Nhanh chóng");
    CHECK(r.endReason == EndReason::Timeout);
}

TEST_CASE("a bouncing key counts once, a person's double tap twice", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    CHECK(f.flow.commentKey("key:o") == TapResult::Accepted);
    f.clock.advanceMs(f.config.keyBounceMs - 1);
    CHECK(f.flow.commentKey("key:o") == TapResult::Debounced);  // the same touch, bouncing
    f.clock.advanceMs(1);
    CHECK(f.flow.commentKey("key:o") == TapResult::Accepted);  // "oo": a person, ô
    CHECK(f.flow.commentInput()->text() == "ô");
    CHECK(f.flow.commentKey("key:n") == TapResult::Accepted);  // another key at once is fine
    CHECK(f.flow.commentInput()->text() == "ôn");

    SECTION("keys right after the screen appears are ignored, like any tap") {
        f.later();
        f.flow.back();
        f.later();
        f.flow.next();  // from the last question to the comment again
        REQUIRE(f.flow.screen() == Screen::Comment);
        CHECK(f.flow.commentKey("key:a") == TapResult::Debounced);
    }
}

TEST_CASE("comment keys on another screen do nothing", "[flow][comment]") {
    Fixture f;
    CHECK(f.flow.commentKey("key:a") == TapResult::Invalid);
    CHECK(f.flow.typeChar(U'a') == TapResult::Invalid);
    CHECK(f.flow.typeEnter() == TapResult::Invalid);
    f.later();
    f.flow.answer("satisfied");
    f.later();
    CHECK(f.flow.commentKey("key:a") == TapResult::Invalid);
    CHECK(f.flow.typeBackspace() == TapResult::Invalid);
    f.skipToComment();
    CHECK(f.flow.commentKey("key:nonsense") == TapResult::Invalid);
    CHECK(f.flow.finish() == TapResult::Invalid);  // done or skip end this screen
    CHECK(f.flow.screen() == Screen::Comment);
}

TEST_CASE("a physical keyboard types through the same engine and Enter is done", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    for (const char32_t c : std::u32string(U"Raats toots!x")) REQUIRE(f.flow.typeChar(c) == TapResult::Accepted);
    REQUIRE(f.flow.typeBackspace() == TapResult::Accepted);
    CHECK(f.flow.commentInput()->text() == "Rất tốt!");
    REQUIRE(f.flow.typeEnter() == TapResult::Accepted);
    CHECK(f.flow.screen() == Screen::Thanks);
    CHECK(f.only().comment == "Rất tốt!");
}

TEST_CASE("what a scanner typed into the comment is taken out again", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    f.tapKeys("toots");
    f.flow.checkpointComment();  // before a key that may start a scan
    f.flow.typeChar(U'H');
    f.flow.typeChar(U'S');
    f.flow.rollbackComment();
    CHECK(f.flow.commentInput()->text() == "tốt");
    f.flow.rollbackComment();  // nothing remembered any more: nothing changes
    CHECK(f.flow.commentInput()->text() == "tốt");
}

TEST_CASE("the keyboard starts in the citizen's language and follows a switch", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.setLanguage(Language::En);
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    CHECK_FALSE(f.flow.commentInput()->vietnamese());
    f.tapKeys("Good");
    CHECK(f.flow.commentInput()->text() == "Good");
    f.later();
    REQUIRE(f.flow.setLanguage(Language::Vi) == TapResult::Accepted);
    CHECK(f.flow.commentInput()->vietnamese());
    f.tapKeys(" toots");
    CHECK(f.flow.commentInput()->text() == "Good tốt");
}

TEST_CASE("the settings choose VNI and the new tone style for the comment", "[flow][comment][settings]") {
    KioskSettings s;
    s.vniInput = true;
    s.newToneStyle = true;
    const FlowConfig c = flowConfigFrom(s);
    CHECK(c.comment.telex.vni);
    CHECK(c.comment.telex.modernToneStyle);

    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    SurveyFlow flow(yesNoQuestionnaire(), store, clock, ids, c);
    clock.advanceMs(1000);
    REQUIRE(flow.answer("yes") == TapResult::Accepted);
    REQUIRE(flow.screen() == Screen::Thanks);  // a one-question questionnaire offers the comment
    clock.advanceMs(1000);
    REQUIRE(flow.takeOffer() == TapResult::Accepted);
    REQUIRE(flow.screen() == Screen::Comment);
    clock.advanceMs(1000);
    for (const char k : std::string("hoa2 thuy3")) {
        clock.advanceMs(150);
        REQUIRE(flow.commentKey(k == ' ' ? std::string("key:space") : std::string("key:") + k) == TapResult::Accepted);
    }
    clock.advanceMs(1000);
    REQUIRE(flow.commentKey("key:done") == TapResult::Accepted);
    CHECK(store.all().front().comment == "hoà thuỷ");
}

TEST_CASE("the next citizen does not see the previous one's comment", "[flow][comment]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    f.tapKeys("bij maatj");
    f.later();
    REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
    f.later();
    f.flow.dismissThanks();
    f.later();
    f.flow.answer("very_satisfied");
    f.skipToComment();
    CHECK(f.flow.commentInput()->text().empty());
}

TEST_CASE("a comment that cannot be stored stays on screen to try again", "[flow][comment][storage]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.skipToComment();
    f.tapKeys("toots");
    f.store.setFailing(true);
    f.later();
    CHECK_THROWS_AS(f.flow.commentKey("key:done"), StorageError);
    CHECK(f.flow.screen() == Screen::Comment);
    CHECK(f.flow.commentInput()->text() == "tốt");
    f.store.setFailing(false);
    f.later();
    REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);
    CHECK(f.only().comment == "tốt");
}
