// Misuse rules on their own: pure logic, times passed in.
#include "flow/misuse.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
RatingSummary past(std::int64_t seq, const std::string& value, std::int64_t mono, const std::string& boot = "b1") {
    RatingSummary s;
    s.seq = seq;
    s.uuid = "u" + std::to_string(seq);
    s.value = value;
    s.startedMonoMs = mono;
    s.lastActivityMonoMs = mono + 2000;
    s.bootId = boot;
    return s;
}
// A rating that was stored: judged, then remembered.
MisuseDetector::Verdict rate(MisuseDetector& d, const std::string& uuid, const std::string& value, std::int64_t mono,
                             const std::string& boot, bool linked) {
    auto v = d.assess(value, mono, boot, linked);
    d.record(uuid, value, mono, boot, linked, v);
    return v;
}
}  // namespace

TEST_CASE("the rapid-repeat rule measures from the previous response's last activity", "[misuse]") {
    MisuseDetector d(MisuseRules{}, {past(1, "satisfied", 10'000)});
    // previous last activity at 12'000; rule 5'000 ms
    CHECK(rate(d, "a", "satisfied", 16'999, "b1", false).flags == misuse::RapidRepeat);
    MisuseDetector d2(MisuseRules{}, {past(1, "satisfied", 10'000)});
    CHECK(rate(d2, "a", "satisfied", 17'000, "b1", false).flags == 0);
}

TEST_CASE("after a reboot monotonic times are not compared", "[misuse]") {
    MisuseDetector d(MisuseRules{}, {past(1, "satisfied", 10'000, "old-boot")});
    CHECK(rate(d, "a", "satisfied", 10'500, "new-boot", false).flags == 0);
}

TEST_CASE("a burst needs the configured count within the window", "[misuse]") {
    MisuseRules rules;
    rules.burstCount = 3;
    rules.burstWindowMs = 60'000;
    SECTION("three identical ratings within a minute are a burst, and the earlier two are named") {
        MisuseDetector d(rules, {past(1, "very_satisfied", 0), past(2, "very_satisfied", 20'000)});
        auto v = rate(d, "c", "very_satisfied", 40'000, "b1", false);
        CHECK((v.flags & misuse::Burst) != 0);
        CHECK(v.alsoFlagBurst == std::vector<std::string>{"u2", "u1"});
        SECTION("the next one is flagged without naming them again") {
            auto w = rate(d, "d", "very_satisfied", 50'000, "b1", false);
            CHECK((w.flags & misuse::Burst) != 0);
            CHECK(w.alsoFlagBurst.empty());
        }
    }
    SECTION("ratings older than the window do not count") {
        MisuseDetector d(rules, {past(1, "very_satisfied", 0), past(2, "very_satisfied", 20'000)});
        CHECK(rate(d, "c", "very_satisfied", 60'001, "b1", false).flags == 0);
    }
    SECTION("a dossier-linked rating never belongs to a burst") {
        MisuseDetector d(rules, {past(1, "very_satisfied", 0), past(2, "very_satisfied", 20'000)});
        CHECK(rate(d, "c", "very_satisfied", 40'000, "b1", true).flags == 0);
    }
    SECTION("a different rating breaks the run") {
        MisuseDetector d(rules, {past(1, "very_satisfied", 0), past(2, "satisfied", 20'000)});
        CHECK(rate(d, "c", "very_satisfied", 40'000, "b1", false).flags == 0);
    }
}

TEST_CASE("activity during a response moves its last-activity time", "[misuse]") {
    MisuseDetector d(MisuseRules{}, {});
    rate(d, "a", "satisfied", 1'000, "b1", false);
    d.noteActivity("a", 20'000);
    CHECK(rate(d, "b", "satisfied", 24'000, "b1", false).flags == misuse::RapidRepeat);
}

TEST_CASE("judging a rating changes nothing until it is recorded", "[misuse]") {
    MisuseRules rules;
    rules.burstCount = 2;
    MisuseDetector d(rules, {past(1, "satisfied", 0)});
    const auto first = d.assess("satisfied", 10'000, "b1", false);
    CHECK(first.alsoFlagBurst == std::vector<std::string>{"u1"});
    // The rating could not be stored; the next attempt is judged the same way.
    CHECK(d.assess("satisfied", 10'500, "b1", false).alsoFlagBurst == first.alsoFlagBurst);
    d.record("a", "satisfied", 10'500, "b1", false, first);
    CHECK(d.assess("satisfied", 11'000, "b1", false).alsoFlagBurst.empty());
}
