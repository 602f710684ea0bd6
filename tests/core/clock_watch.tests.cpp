// Clock-jump detection: the wall clock against the monotonic clock, and the install date (SPEC 5).
#include "core/clock.h"
#include "core/clock_watch.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
constexpr std::int64_t Install = 1'767'225'600'000;  // 2026-01-01T00:00Z, ManualClock's default
constexpr std::int64_t Day = 86'400'000;
} // namespace

TEST_CASE("normal progress of time is no jump", "[clock]") {
    ManualClock clock(Install + Day);
    ClockWatch watch(clock, Install);
    for (int i = 0; i < 3'600; ++i) {
        clock.advanceMs(1'000);
        REQUIRE_FALSE(watch.check());
    }
    clock.setWallMs(clock.wallMs() + 179'000);  // a small correction, under 3 minutes
    CHECK_FALSE(watch.check());
    clock.setWallMs(clock.wallMs() - 179'000);
    CHECK_FALSE(watch.check());
}

TEST_CASE("a wall clock moved forward or back by more than the threshold is a jump", "[clock]") {
    ManualClock clock(Install + Day);
    ClockWatch watch(clock, Install);
    clock.advanceMs(10'000);

    SECTION("forward") {
        const std::int64_t expected = clock.wallMs();
        clock.setWallMs(expected + 2 * 3'600'000);
        const auto jump = watch.check();
        REQUIRE(jump);
        CHECK(jump->reason == "jump");
        CHECK(jump->expectedUtcMs == expected);
        CHECK(jump->actualUtcMs == expected + 2 * 3'600'000);
        CHECK(clockJumpDetail(*jump, 420) ==
              "reason=jump expected=2026-01-02T07:00:10.000+07:00 actual=2026-01-02T09:00:10.000+07:00 drift_s=7200");

        SECTION("the new wall clock is the reference afterwards") {
            clock.advanceMs(60'000);
            CHECK_FALSE(watch.check());
        }
    }
    SECTION("backward") {
        const std::int64_t expected = clock.wallMs();
        clock.setWallMs(expected - 181'000);
        const auto jump = watch.check();
        REQUIRE(jump);
        CHECK(jump->reason == "jump");
        CHECK(jump->actualUtcMs - jump->expectedUtcMs == -181'000);
        CHECK_FALSE(watch.check());
    }
    SECTION("small steps that add up") {
        for (int i = 0; i < 3; ++i) {
            clock.setWallMs(clock.wallMs() - 70'000);
            clock.advanceMs(1'000);
            if (i < 2) CHECK_FALSE(watch.check());
        }
        const auto jump = watch.check();
        REQUIRE(jump);
        CHECK(jump->actualUtcMs - jump->expectedUtcMs == -210'000);
    }
    SECTION("with a custom threshold") {
        ClockWatch strict(clock, Install, 5'000);
        clock.setWallMs(clock.wallMs() + 6'000);
        CHECK(strict.check());
    }
}

TEST_CASE("a wall clock before the install date is reported once", "[clock]") {
    SECTION("at the first check, as after a dead RTC battery") {
        ManualClock clock(946'684'800'000);  // 2000-01-01
        ClockWatch watch(clock, Install);
        const auto jump = watch.check();
        REQUIRE(jump);
        CHECK(jump->reason == "before_install");
        CHECK(jump->actualUtcMs == 946'684'800'000);
        clock.advanceMs(1'000);
        CHECK_FALSE(watch.check());  // still before install: not again

        SECTION("setting the clock right afterwards is a jump") {
            clock.setWallMs(Install + Day);
            const auto fixed = watch.check();
            REQUIRE(fixed);
            CHECK(fixed->reason == "jump");
        }
    }
    SECTION("when the clock is set back before the install date") {
        ManualClock clock(Install + Day);
        ClockWatch watch(clock, Install);
        clock.setWallMs(Install - 1);
        const auto jump = watch.check();
        REQUIRE(jump);
        CHECK(jump->reason == "before_install");
        CHECK(jump->expectedUtcMs == Install + Day);
        CHECK_FALSE(watch.check());
        clock.setWallMs(Install - 1 - 3'600'000);  // another jump, still before install
        REQUIRE(watch.check());
    }
}
