// The citizen's flow through the screens, with a fake clock and an in-memory store. These cases
// ask every question before the thank-you (further_questions = "always"); the one-tap flow, where
// they are offered on the thank-you, is in survey_flow_offer.tests.cpp.
#include "flow/survey_flow.h"
#include "support/flow_fixture.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
struct Fixture : hailong::test::FlowFixture {
    Fixture() : FlowFixture(true) {}
};
using hailong::test::yesNoQuestionnaire;
}  // namespace

TEST_CASE("the first tap is stored before the screen changes", "[flow]") {
    Fixture f;
    REQUIRE(f.flow.screen() == Screen::Idle);
    REQUIRE(f.flow.screenName() == "idle");
    f.later();
    REQUIRE(f.flow.answer("very_satisfied") == TapResult::Accepted);

    const Response r = f.only();
    CHECK(r.uuid == f.flow.responseUuid());
    CHECK(r.seq == 1);
    CHECK(r.kioskId == f.store.kioskId());
    CHECK(r.unit.code == "U-01");
    CHECK(r.unit.level == "commune");
    CHECK(r.unit.counter == "Quầy 2");
    CHECK(r.questionnaireId == "default");
    CHECK(r.questionnaireVersion == 2);
    CHECK(r.language == Language::Vi);
    CHECK(r.startedUtcMs == f.clock.wallMs());
    CHECK(r.startedMonoMs == f.clock.monoMs());
    CHECK(r.utcOffsetMinutes == 420);
    CHECK(r.bootId == f.clock.bootId());
    CHECK(r.endReason == EndReason::InProgress);
    CHECK(r.misuseFlags == 0);
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].questionId == "overall");
    CHECK(r.answers[0].scale == Scale::ThreeLevel);
    CHECK(r.answers[0].values == std::vector<std::string>{"very_satisfied"});
}

TEST_CASE("a satisfied citizen is not asked for reasons", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    CHECK(f.flow.screenName() == "question:times_came_back");
}

TEST_CASE("a citizen who is not satisfied is asked for reasons", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("not_satisfied");
    REQUIRE(f.flow.screenName() == "question:reasons");

    SECTION("each tick is stored at once, in the questionnaire's order") {
        f.later();
        REQUIRE(f.flow.toggle("officer_attitude") == TapResult::Accepted);
        f.later();
        REQUIRE(f.flow.toggle("came_back_more_than_once") == TapResult::Accepted);
        const Response r = f.only();
        const Answer* a = r.answerTo("reasons");
        REQUIRE(a);
        CHECK(a->scale == Scale::MultiSelect);
        CHECK(a->values == std::vector<std::string>{"came_back_more_than_once", "officer_attitude"});
        CHECK(f.flow.selection() == a->values);
    }
    SECTION("unticking every reason removes the answer") {
        f.later();
        f.flow.toggle("other");
        f.later();
        f.flow.toggle("other");
        CHECK(f.only().answerTo("reasons") == nullptr);
    }
    SECTION("next moves on and keeps the reasons") {
        f.later();
        f.flow.toggle("not_on_time");
        f.later();
        REQUIRE(f.flow.next() == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:times_came_back");
        CHECK(f.only().answerTo("reasons")->values == std::vector<std::string>{"not_on_time"});
    }
    SECTION("an option that does not exist is refused") {
        f.later();
        CHECK(f.flow.toggle("nonsense") == TapResult::Invalid);
        CHECK(f.flow.answer("yes") == TapResult::Invalid);
    }
}

TEST_CASE("answering every question completes the response", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    const std::vector<std::pair<std::string, std::string>> answers{{"question:times_came_back", "none"},
                                                                   {"question:agencies_contacted", "one_stop_only"},
                                                                   {"question:officer_attitude", "very_satisfied"},
                                                                   {"question:on_time", "yes"},
                                                                   {"question:convenience", "satisfied"}};
    for (const auto& [screen, value] : answers) {
        REQUIRE(f.flow.screenName() == screen);
        CHECK(f.flow.onLastQuestion() == (screen == "question:convenience"));
        f.later();
        REQUIRE(f.flow.answer(value) == TapResult::Accepted);
    }
    REQUIRE(f.flow.screen() == Screen::Comment);  // the optional comment comes last
    CHECK(f.flow.screenName() == "comment");
    CHECK(f.only().endReason == EndReason::InProgress);
    f.later();
    REQUIRE(f.flow.commentKey("key:done") == TapResult::Accepted);  // done with nothing typed
    REQUIRE(f.flow.screen() == Screen::Thanks);
    const Response r = f.only();
    CHECK(r.endReason == EndReason::Completed);
    CHECK(r.comment.empty());
    CHECK(r.endedUtcMs == f.clock.wallMs());
    CHECK(r.endedMonoMs == f.clock.monoMs());
    CHECK(r.answers.size() == 6);
    CHECK(r.answerTo("on_time")->scale == Scale::YesNo);

    SECTION("the thank-you screen returns to idle by itself") {
        f.clock.advanceMs(f.config.thanksMs - 1);
        CHECK_FALSE(f.flow.tick());
        f.clock.advanceMs(1);
        CHECK(f.flow.tick());
        CHECK(f.flow.screen() == Screen::Idle);
    }
    SECTION("a tap on the thank-you screen returns to idle at once") {
        f.later();
        CHECK(f.flow.dismissThanks() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Idle);
    }
}

TEST_CASE("skipped questions stay unanswered and the response still completes", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("very_satisfied");
    f.skipToThanks();
    const Response r = f.only();
    CHECK(r.endReason == EndReason::Completed);
    CHECK(r.answers.size() == 1);
}

TEST_CASE("finishing early ends the response as skipped", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.later();
    REQUIRE(f.flow.finish() == TapResult::Accepted);
    CHECK(f.flow.screen() == Screen::Thanks);
    CHECK(f.only().endReason == EndReason::Skipped);
}

TEST_CASE("a citizen who walks away still counts", "[flow][timeout]") {
    Fixture f;
    f.later();
    f.flow.answer("not_satisfied");
    REQUIRE(f.flow.msUntilNextDeadline() == f.config.followUpTimeoutMs);

    SECTION("nothing happens before the idle timeout") {
        f.clock.advanceMs(f.config.followUpTimeoutMs - 1);
        CHECK_FALSE(f.flow.tick());
        CHECK(f.flow.screenName() == "question:reasons");
        CHECK(f.flow.msUntilNextDeadline() == 1);
    }
    SECTION("each tap restarts the timer") {
        f.clock.advanceMs(f.config.followUpTimeoutMs - 1000);
        f.flow.toggle("other");
        f.clock.advanceMs(f.config.followUpTimeoutMs - 1);
        CHECK_FALSE(f.flow.tick());
    }
    SECTION("at the timeout the response ends as timeout and idle returns") {
        f.clock.advanceMs(f.config.followUpTimeoutMs);
        CHECK(f.flow.tick());
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK_FALSE(f.flow.inResponse());
        const Response r = f.only();
        CHECK(r.endReason == EndReason::Timeout);
        CHECK(r.answerTo("overall")->values == std::vector<std::string>{"not_satisfied"});
        CHECK(f.flow.msUntilNextDeadline() == -1);
    }
}

TEST_CASE("back returns to earlier questions and to the main question", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("not_satisfied");
    f.later();
    f.flow.toggle("officer_attitude");
    f.later();
    f.flow.next();
    REQUIRE(f.flow.screenName() == "question:times_came_back");
    f.later();
    REQUIRE(f.flow.back() == TapResult::Accepted);
    REQUIRE(f.flow.screenName() == "question:reasons");
    CHECK(f.flow.selection() == std::vector<std::string>{"officer_attitude"});
    f.later();
    f.flow.back();
    REQUIRE(f.flow.screen() == Screen::Main);
    CHECK(f.flow.screenName() == "main");
    CHECK(f.flow.back() == TapResult::Invalid);

    SECTION("changing the main answer updates the same response and drops stale reasons") {
        f.later();
        REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
        CHECK(f.flow.screenName() == "question:times_came_back");
        const Response r = f.only();
        CHECK(r.answerTo("overall")->values == std::vector<std::string>{"satisfied"});
        CHECK(r.answerTo("reasons") == nullptr);
    }
    SECTION("next on the main question keeps the answer and moves on") {
        f.later();
        f.flow.next();
        CHECK(f.flow.screenName() == "question:reasons");
    }
    SECTION("going back from the first question after the reasons skips hidden ones") {
        f.later();
        f.flow.answer("very_satisfied");
        f.later();
        f.flow.back();
        CHECK(f.flow.screen() == Screen::Main);
    }
}

TEST_CASE("double taps are ignored", "[flow][debounce]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
    SECTION("a tap just after the screen changed does nothing") {
        f.clock.advanceMs(f.config.debounceMs - 1);
        CHECK(f.flow.toggle("other") == TapResult::Debounced);
        CHECK(f.flow.selection().empty());
        f.clock.advanceMs(1);
        CHECK(f.flow.toggle("other") == TapResult::Accepted);
    }
    SECTION("the same tick tapped twice quickly counts once") {
        f.later();
        REQUIRE(f.flow.toggle("other") == TapResult::Accepted);
        f.clock.advanceMs(100);
        CHECK(f.flow.toggle("other") == TapResult::Debounced);
        CHECK(f.flow.selection() == std::vector<std::string>{"other"});
        f.clock.advanceMs(50);
        CHECK(f.flow.toggle("officer_attitude") == TapResult::Accepted);
    }
    SECTION("a double tap on a face stores one response") {
        Fixture g;
        g.later();
        g.flow.answer("satisfied");
        g.clock.advanceMs(150);
        CHECK(g.flow.answer("none") == TapResult::Debounced);
        CHECK(g.store.count() == 1);
        CHECK(g.only().answers.size() == 1);
    }
}

TEST_CASE("the language switches every screen and resets for the next citizen", "[flow][language]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.setLanguage(Language::En) == TapResult::Accepted);
    CHECK(f.flow.language() == Language::En);
    f.later();
    f.flow.answer("satisfied");
    CHECK(f.only().language == Language::En);
    f.later();
    f.flow.setLanguage(Language::Vi);
    CHECK(f.only().language == Language::Vi);
    f.later();
    f.flow.setLanguage(Language::En);
    f.later();
    f.flow.finish();
    f.clock.advanceMs(f.config.thanksMs);
    f.flow.tick();
    CHECK(f.flow.language() == Language::Vi);

    SECTION("an idle kiosk left in English returns to Vietnamese") {
        f.later();
        f.flow.setLanguage(Language::En);
        CHECK(f.flow.msUntilNextDeadline() == f.config.idleTimeoutMs);
        f.clock.advanceMs(f.config.idleTimeoutMs);
        CHECK(f.flow.tick());
        CHECK(f.flow.language() == Language::Vi);
    }
}

TEST_CASE("a storage failure keeps the screen and loses nothing", "[flow][errors]") {
    Fixture f;
    f.store.setFailing(true);
    f.later();
    CHECK_THROWS_AS(f.flow.answer("satisfied"), StorageError);
    CHECK(f.flow.screen() == Screen::Idle);
    CHECK_FALSE(f.flow.inResponse());
    f.store.setFailing(false);
    CHECK(f.store.count() == 0);
    f.later();
    REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
    CHECK(f.only().misuseFlags == 0);  // the failed attempt did not count as a previous rating

    SECTION("a later answer that cannot be stored keeps the question on screen") {
        f.store.setFailing(true);
        f.later();
        CHECK_THROWS_AS(f.flow.answer("none"), StorageError);
        CHECK(f.flow.screenName() == "question:times_came_back");
        CHECK(f.flow.givenAnswer("times_came_back") == nullptr);
    }
}

TEST_CASE("the dossier code links only the next response", "[flow]") {
    Fixture f;
    SessionContext c = f.flow.context();
    c.dossierCode = "HS-000123";
    f.flow.setContext(c);
    f.later();
    f.flow.answer("satisfied");
    f.later();
    f.flow.finish();
    f.later();
    f.flow.dismissThanks();
    f.later(10'000);
    f.flow.answer("satisfied");
    const auto all = f.store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].dossierCode == "HS-000123");
    CHECK(all[1].dossierCode.empty());
}

TEST_CASE("misuse is flagged on the responses, never dropped", "[flow][misuse]") {
    Fixture f;
    auto rate = [&](const std::string& value) {
        f.later(10);
        REQUIRE(f.flow.answer(value) == TapResult::Accepted);
        f.later();
        REQUIRE(f.flow.finish() == TapResult::Accepted);
        f.later();
        REQUIRE(f.flow.dismissThanks() == TapResult::Accepted);
    };
    SECTION("a rating seconds after the previous one is a rapid repeat") {
        f.later();
        rate("very_satisfied");
        f.later(500);
        rate("satisfied");
        const auto all = f.store.all();
        REQUIRE(all.size() == 2);
        CHECK(all[0].misuseFlags == 0);
        CHECK((all[1].misuseFlags & misuse::RapidRepeat) != 0);
    }
    SECTION("a burst of identical ratings flags every rating of the burst") {
        for (int i = 0; i < 5; ++i) {
            f.later(6000);
            rate("very_satisfied");
        }
        const auto all = f.store.all();
        REQUIRE(all.size() == 5);
        for (const Response& r : all) {
            CHECK((r.misuseFlags & misuse::Burst) != 0);
            CHECK((r.misuseFlags & misuse::RapidRepeat) == 0);
        }
    }
    SECTION("different ratings do not form a burst") {
        for (int i = 0; i < 6; ++i) {
            f.later(6000);
            rate(i % 2 ? "very_satisfied" : "satisfied");
        }
        for (const Response& r : f.store.all()) CHECK(r.misuseFlags == 0);
    }
}

namespace {
// A store that records which screen the flow showed when the vote reached it.
class SpyStore final : public ResponseStore {
public:
    explicit SpyStore(const SurveyFlow* const& flow) : m_flow(flow) {}
    std::string kioskId() const override { return m_inner.kioskId(); }
    using ResponseStore::begin;
    std::int64_t begin(Response& r, const std::vector<std::string>& burst) override {
        screenAtBegin = m_flow->screen();
        return m_inner.begin(r, burst);
    }
    void saveAnswer(const std::string& u, const Answer& a) override { m_inner.saveAnswer(u, a); }
    void removeAnswer(const std::string& u, const std::string& q) override { m_inner.removeAnswer(u, q); }
    void setLanguage(const std::string& u, Language l) override { m_inner.setLanguage(u, l); }
    void setProcedure(const std::string& u, const std::string& p) override { m_inner.setProcedure(u, p); }
    void setComment(const std::string& u, const std::string& c) override { m_inner.setComment(u, c); }
    void addMisuseFlags(const std::string& u, std::uint32_t f) override { m_inner.addMisuseFlags(u, f); }
    void finish(const std::string& u, EndReason w, std::int64_t a, std::int64_t b) override {
        m_inner.finish(u, w, a, b);
    }
    std::optional<Response> find(const std::string& u) const override { return m_inner.find(u); }
    std::vector<Response> all() const override { return m_inner.all(); }
    std::int64_t count() const override { return m_inner.count(); }
    std::vector<RatingSummary> recentRatings(int n) const override { return m_inner.recentRatings(n); }
    int closeInterrupted(std::int64_t now) override { return m_inner.closeInterrupted(now); }
    std::optional<Screen> screenAtBegin;

private:
    const SurveyFlow* const& m_flow;
    InMemoryResponseStore m_inner;
};

// overall -> visited (yes/no) -> why (only if visited = yes) -> more (only if why = a)
const char* kChain = R"(format = "hailong-questionnaire/1"
id = "chain"
version = 1
further_questions = "always"
title = { vi = "Chuỗi", en = "Chain" }
[[question]]
id = "overall"
scale = "three_level"
text = { vi = "Hài lòng?", en = "Satisfied?" }
[[question]]
id = "visited"
scale = "yes_no"
text = { vi = "Đã đến chưa?", en = "Visited?" }
[[question]]
id = "why"
scale = "choice"
text = { vi = "Vì sao?", en = "Why?" }
show_if = { question = "visited", any_of = ["yes"] }
option = [ { id = "a", vi = "A", en = "A" }, { id = "b", vi = "B", en = "B" } ]
[[question]]
id = "more"
scale = "yes_no"
text = { vi = "Thêm?", en = "More?" }
show_if = { question = "why", any_of = ["a"] }
[[question]]
id = "last"
scale = "yes_no"
text = { vi = "Cuối?", en = "Last?" }
)";
}  // namespace

TEST_CASE("the vote reaches the store while the idle screen is still shown", "[flow]") {
    ManualClock clock;
    SequentialIds ids;
    const SurveyFlow* flowPtr = nullptr;
    SpyStore store(flowPtr);
    const Questionnaire q = hailong::test::defaultWithFurther(true);
    SurveyFlow flow(q, store, clock, ids, FlowConfig{});
    flowPtr = &flow;
    clock.advanceMs(1000);
    flow.answer("satisfied");
    REQUIRE(store.screenAtBegin.has_value());
    CHECK(*store.screenAtBegin == Screen::Idle);
    CHECK(flow.screen() == Screen::Question);
}

TEST_CASE("answers that depend on a changed or removed answer are removed too", "[flow]") {
    auto parsed = parseQuestionnaire(kChain, "chain.toml");
    REQUIRE(parsed);
    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    SurveyFlow flow(*parsed, store, clock, ids, FlowConfig{});
    auto tap = [&](auto&& call) {
        clock.advanceMs(1000);
        return call();
    };
    tap([&] { return flow.answer("satisfied"); });
    tap([&] { return flow.answer("yes"); });
    tap([&] { return flow.answer("a"); });
    REQUIRE(flow.screenName() == "question:more");
    tap([&] { return flow.answer("no"); });
    REQUIRE(flow.screenName() == "question:last");
    tap([&] { return flow.back(); });
    tap([&] { return flow.back(); });
    tap([&] { return flow.back(); });
    REQUIRE(flow.screenName() == "question:visited");

    SECTION("skipping the question they depend on removes the whole chain") {
        tap([&] { return flow.skip(); });
        CHECK(flow.screenName() == "question:last");
        const Response r = store.all().at(0);
        CHECK(r.answerTo("visited") == nullptr);
        CHECK(r.answerTo("why") == nullptr);
        CHECK(r.answerTo("more") == nullptr);
        CHECK(r.answerTo("overall") != nullptr);
    }
    SECTION("changing it removes the chain as well") {
        tap([&] { return flow.answer("no"); });
        CHECK(flow.screenName() == "question:last");
        const Response r = store.all().at(0);
        CHECK(r.answerTo("visited")->values == std::vector<std::string>{"no"});
        CHECK(r.answerTo("why") == nullptr);
        CHECK(r.answerTo("more") == nullptr);
    }
    SECTION("changing only the middle answer removes what depends on it") {
        tap([&] { return flow.next(); });
        REQUIRE(flow.screenName() == "question:why");
        tap([&] { return flow.answer("b"); });
        CHECK(flow.screenName() == "question:last");
        const Response r = store.all().at(0);
        CHECK(r.answerTo("why")->values == std::vector<std::string>{"b"});
        CHECK(r.answerTo("more") == nullptr);
    }
}

TEST_CASE("the main question screen times out and finishes like the others", "[flow][timeout]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.later();
    f.flow.back();
    REQUIRE(f.flow.screen() == Screen::Main);
    SECTION("timeout") {
        f.clock.advanceMs(f.config.followUpTimeoutMs);
        CHECK(f.flow.tick());
        CHECK(f.flow.screen() == Screen::Idle);
        CHECK(f.only().endReason == EndReason::Timeout);
    }
    SECTION("finish") {
        f.later();
        CHECK(f.flow.finish() == TapResult::Accepted);
        CHECK(f.flow.screen() == Screen::Thanks);
        CHECK(f.only().endReason == EndReason::Skipped);
    }
}

TEST_CASE("skipping a question answered before removes its answer", "[flow]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.later();
    f.flow.answer("once");
    f.later();
    f.flow.back();
    REQUIRE(f.flow.screenName() == "question:times_came_back");
    f.later();
    f.flow.skip();
    CHECK(f.only().answerTo("times_came_back") == nullptr);
}

TEST_CASE("a timeout that cannot be stored still frees the kiosk for the next citizen", "[flow][timeout][errors]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.store.setFailing(true);
    f.clock.advanceMs(f.config.followUpTimeoutMs);
    CHECK_THROWS_AS(f.flow.tick(), StorageError);
    CHECK(f.flow.screen() == Screen::Idle);
    CHECK(f.flow.msUntilNextDeadline() == -1);  // nothing left to retry in a loop
    CHECK_FALSE(f.flow.tick());
    f.store.setFailing(false);
    CHECK(f.only().endReason == EndReason::InProgress);  // closed as interrupted at the next start
    CHECK(f.only().answerTo("overall") != nullptr);
}

TEST_CASE("a new citizen right after a timeout is not a rapid repeat", "[flow][misuse]") {
    Fixture f;
    f.later();
    f.flow.answer("satisfied");
    f.clock.advanceMs(f.config.followUpTimeoutMs);
    f.flow.tick();
    f.later(2000);  // 2 s after the timeout, 32 s after the previous tap
    f.flow.answer("satisfied");
    const auto all = f.store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[1].misuseFlags == 0);
}

TEST_CASE("burst flags on earlier ratings are stored with the vote or not at all", "[flow][misuse]") {
    Fixture f;
    auto rate = [&] {
        f.later(6000);
        f.flow.answer("very_satisfied");
        f.later();
        f.flow.finish();
        f.later();
        f.flow.dismissThanks();
    };
    for (int i = 0; i < 4; ++i) rate();
    f.store.setFailing(true);
    f.later(6000);
    CHECK_THROWS_AS(f.flow.answer("very_satisfied"), StorageError);
    for (const Response& r : f.store.all()) CHECK(r.misuseFlags == 0);
    f.store.setFailing(false);
    f.later();
    f.flow.answer("very_satisfied");
    const auto all = f.store.all();
    REQUIRE(all.size() == 5);
    for (const Response& r : all) CHECK((r.misuseFlags & misuse::Burst) != 0);
}

TEST_CASE("ratings outside opening hours are flagged, not dropped", "[flow][misuse]") {
    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    const Questionnaire q = defaultQuestionnaire();
    FlowConfig config;
    bool closed = true;
    config.outsideHours = [&](std::int64_t, int) { return closed; };
    SurveyFlow flow(q, store, clock, ids, config);
    clock.advanceMs(1000);
    flow.answer("very_satisfied");
    clock.advanceMs(1000);
    flow.finish();
    clock.advanceMs(1000);
    flow.dismissThanks();
    closed = false;
    clock.advanceMs(60'000);
    flow.answer("satisfied");
    const auto all = store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].misuseFlags == misuse::OutsideHours);
    CHECK(all[1].misuseFlags == 0);
}

TEST_CASE("the citizen picks the procedure when the officer has not", "[flow][procedure]") {
    ManualClock clock;
    SequentialIds ids;
    InMemoryResponseStore store;
    const Questionnaire q = hailong::test::defaultWithFurther(true);
    FlowConfig config;
    config.procedures = {{"CCCD", {"Cấp thẻ Căn cước", "Identity card"}},
                         {"TAMTRU", {"Đăng ký tạm trú", "Temporary residence"}}};
    SurveyFlow flow(q, store, clock, ids, config);
    auto tap = [&](auto&& call) {
        clock.advanceMs(1000);
        return call();
    };
    tap([&] { return flow.answer("satisfied"); });
    REQUIRE(flow.screenName() == "procedure");
    REQUIRE(store.count() == 1);  // the vote is stored before the procedure is asked
    SECTION("a pick is stored and the questions follow") {
        CHECK(tap([&] { return flow.pickProcedure("TAMTRU"); }) == TapResult::Accepted);
        CHECK(flow.screenName() == "question:times_came_back");
        CHECK(store.all().at(0).procedureCode == "TAMTRU");
    }
    SECTION("an unknown code is refused") {
        CHECK(tap([&] { return flow.pickProcedure("NOPE"); }) == TapResult::Invalid);
        CHECK(flow.screenName() == "procedure");
    }
    SECTION("skip moves on without a procedure") {
        tap([&] { return flow.skip(); });
        CHECK(flow.screenName() == "question:times_came_back");
        CHECK(store.all().at(0).procedureCode.empty());
    }
    SECTION("back returns to the main question") {
        tap([&] { return flow.back(); });
        CHECK(flow.screen() == Screen::Main);
    }
    SECTION("walking away still ends the response") {
        clock.advanceMs(config.followUpTimeoutMs);
        CHECK(flow.tick());
        CHECK(store.all().at(0).endReason == EndReason::Timeout);
    }
    SECTION("a procedure set by the officer skips the screen") {
        tap([&] { return flow.finish(); });
        tap([&] { return flow.dismissThanks(); });
        SessionContext c = flow.context();
        c.procedureCode = "CCCD";
        flow.setContext(c);
        clock.advanceMs(10'000);
        flow.answer("satisfied");
        CHECK(flow.screenName() == "question:times_came_back");
        CHECK(store.all().at(1).procedureCode == "CCCD");
    }
}

TEST_CASE("the flow takes its configuration from the settings", "[flow][settings]") {
    KioskSettings s;
    s.idleTimeoutSeconds = 45;
    s.defaultLanguage = Language::En;
    s.procedures = {{"CCCD", {"Cấp thẻ Căn cước", "Identity card"}}};
    s.hours.openMinute = 8 * 60;
    s.hours.closeMinute = 9 * 60;
    FlowConfig f = flowConfigFrom(s);
    CHECK(f.idleTimeoutMs == 45'000);
    CHECK(f.defaultLanguage == Language::En);
    CHECK(f.procedures.size() == 1);
    REQUIRE(f.outsideHours);
    const std::int64_t day = localDayStartUtcMs(1'767'225'600'000, 420);          // 2026-01-01, a Thursday
    CHECK_FALSE(f.outsideHours(day + 86'400'000 + 8 * 3'600'000 + 60'000, 420));  // Friday 08:01
    CHECK(f.outsideHours(day + 86'400'000 + 10 * 3'600'000, 420));                // Friday 10:00
    CHECK(flowConfigFrom(s, 20).idleTimeoutMs == 20'000);                         // the command line wins
    s.flagOutsideHours = false;
    CHECK_FALSE(flowConfigFrom(s).outsideHours);
    s.unitCode = "U1";
    s.counterName = "Quầy 3";
    CHECK(unitFrom(s).code == "U1");
    CHECK(unitFrom(s).counter == "Quầy 3");
}

TEST_CASE("another questionnaire is in force at once on the idle screen", "[flow][questionnaire]") {
    Fixture f;
    f.flow.setQuestionnaire(yesNoQuestionnaire());
    CHECK_FALSE(f.flow.questionnairePending());
    CHECK(f.flow.questionnaire().id == "yes-no");
    CHECK(f.flow.currentQuestion()->scale == Scale::YesNo);
    f.later();
    REQUIRE(f.flow.answer("yes") == TapResult::Accepted);
    const Response r = f.only();
    CHECK(r.questionnaireId == "yes-no");
    CHECK(r.questionnaireVersion == 3);
}

TEST_CASE("a citizen in the middle of a response finishes it with the questionnaire it started",
          "[flow][questionnaire]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("not_satisfied") == TapResult::Accepted);
    REQUIRE(f.flow.screen() == Screen::Question);
    const std::string shown = f.flow.screenName();

    f.flow.setQuestionnaire(yesNoQuestionnaire());
    CHECK(f.flow.questionnairePending());
    CHECK(f.flow.questionnaire().id == "default");
    CHECK(f.flow.screenName() == shown);  // the citizen sees no change
    f.skipToThanks();
    CHECK(f.flow.questionnaire().id == "default");  // still, on the thank-you screen

    f.later();
    REQUIRE(f.flow.dismissThanks() == TapResult::Accepted);
    CHECK(f.flow.screen() == Screen::Idle);
    CHECK_FALSE(f.flow.questionnairePending());
    CHECK(f.flow.questionnaire().id == "yes-no");
    f.later();
    REQUIRE(f.flow.answer("no") == TapResult::Accepted);
    const auto all = f.store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].questionnaireId == "default");
    CHECK(all[1].questionnaireId == "yes-no");
}

TEST_CASE("a questionnaire chosen during a response that times out comes with the idle screen",
          "[flow][questionnaire]") {
    Fixture f;
    f.later();
    REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
    f.flow.setQuestionnaire(yesNoQuestionnaire());
    f.clock.advanceMs(f.flow.config().followUpTimeoutMs + 1);
    f.flow.tick();
    CHECK(f.flow.screen() == Screen::Idle);
    CHECK(f.flow.questionnaire().id == "yes-no");
    CHECK(f.only().endReason == EndReason::Timeout);
}
