// Clock-jump detection: the wall clock against the monotonic clock, and the install date (SPEC 5).
#include "flow/clock_watch.h"
#include "base/clock.h"
#include "base/ids.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {
constexpr std::int64_t Install = 1'767'225'600'000;  // 2026-01-01T00:00Z, ManualClock's default
constexpr std::int64_t Day = 86'400'000;
}  // namespace

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

// [SECTION] A clock moved while the kiosk was stopped

TEST_CASE("a clock moved while the kiosk was stopped is found at the next start", "[clock][start]") {
    const std::string boot = "00000000-0000-4000-8000-000000000001";
    ManualClock clock(Install + Day, 5'000'000, 420, boot);
    const ClockReading last{clock.wallMs(), clock.monoMs(), boot};

    SECTION("same boot: the monotonic clock spans the stop, so both ways are found") {
        clock.advanceMs(20 * 60'000);  // stopped 20 minutes
        CHECK_FALSE(checkClockAtStart(clock, last));
        clock.setWallMs(clock.wallMs() + 3 * 3'600'000);  // and someone set it 3 hours ahead
        auto jump = checkClockAtStart(clock, last);
        REQUIRE(jump);
        CHECK(jump->reason == "while_stopped");
        CHECK(jump->actualUtcMs - jump->expectedUtcMs == 3 * 3'600'000);
        clock.setWallMs(last.utcMs - Day);
        jump = checkClockAtStart(clock, last);
        REQUIRE(jump);
        CHECK(jump->reason == "while_stopped");
        CHECK(jump->expectedUtcMs == last.utcMs + 20 * 60'000);
    }
    SECTION("after a reboot: a clock earlier than the last reading is found") {
        ManualClock rebooted(last.utcMs - 30 * Day, 40'000, 420, "00000000-0000-4000-8000-000000000002");
        const auto jump = checkClockAtStart(rebooted, last);
        REQUIRE(jump);
        CHECK(jump->reason == "before_last_run");
        CHECK(jump->expectedUtcMs == last.utcMs);
        CHECK(clockJumpDetail(*jump, 420).find("drift_s=-2592000") != std::string::npos);
    }
    SECTION("after a reboot: a weekend off, or a small correction, is no jump") {
        ManualClock monday(last.utcMs + 3 * Day, 40'000, 420, "00000000-0000-4000-8000-000000000002");
        CHECK_FALSE(checkClockAtStart(monday, last));
        ManualClock corrected(last.utcMs - 60'000, 40'000, 420, "00000000-0000-4000-8000-000000000002");
        CHECK_FALSE(checkClockAtStart(corrected, last));
    }
}

TEST_CASE("the kiosk's start is audited, with a clock moved since the last run", "[clock][start][audit]") {
    hailong::test::TempDir dir;
    SequentialIds ids;
    ManualClock clock(Install + Day);
    {
        KioskDatabase db(dir / "kiosk.db", clock, ids);
        AuditLog audit(db, clock);
        CHECK_FALSE(recordKioskStart(audit, "1.0"));  // the first start has nothing to compare with
        clock.advanceMs(3'600'000);
        audit.record(audit::KioskQuit, "signal");
    }
    clock.advanceMs(10 * 60'000);  // stopped ten minutes, then the clock was put back a year
    clock.setWallMs(clock.wallMs() - 365 * Day);
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    AuditLog audit(db, clock);
    const auto jump = recordKioskStart(audit, "1.0");
    REQUIRE(jump);
    CHECK(jump->reason == "while_stopped");
    const auto entries = audit.since(0);
    REQUIRE(entries.size() == 4);
    CHECK(entries[2].event == audit::KioskStart);
    CHECK(entries[3].event == audit::ClockJump);
    CHECK(entries[3].detail.find("reason=while_stopped") != std::string::npos);
    CHECK(audit.latest()->id == entries[3].id);
}
