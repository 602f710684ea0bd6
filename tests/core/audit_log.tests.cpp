// The audit log: entries stamped with both clocks and the boot, read back in order (SPEC 4, 5).
#include "store/audit_log.h"
#include "base/clock.h"
#include "base/ids.h"
#include "store/kiosk_database.h"
#include "support/temp_dir.h"
#include "survey/response_store.h"

#include <catch2/catch.hpp>

#include <string>

using namespace hailong::core;
using hailong::test::TempDir;

TEST_CASE("audit entries are written with both clocks and read back oldest first", "[audit]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    AuditLog log(db, clock);
    CHECK(log.since(0).empty());

    log.record(audit::KioskStart, "version=1.0");
    clock.advanceMs(5'000);
    log.record(audit::SettingChanged, "unit.name: UBND phường 1 -> UBND phường Bến Thành");
    clock.setWallMs(315'532'800'000);  // 1980: the RTC battery died
    log.record(audit::ClockJump, "reason=jump");

    const std::vector<AuditEntry> all = log.since(0);
    REQUIRE(all.size() == 3);
    CHECK(all[0].event == "kiosk_start");
    CHECK(all[0].detail == "version=1.0");
    CHECK(all[0].utcMs == 1'767'225'600'000);
    CHECK(all[0].monoMs == 1'000'000);
    CHECK(all[0].utcOffsetMinutes == 420);
    CHECK(all[0].bootId == clock.bootId());
    CHECK(all[1].event == "setting_changed");
    CHECK(all[1].detail == "unit.name: UBND phường 1 -> UBND phường Bến Thành");
    CHECK(all[1].monoMs == 1'005'000);
    CHECK(all[2].utcMs == 315'532'800'000);  // the wrong date is kept as it was...
    CHECK(all[2].monoMs == 1'005'000);       // ...with the monotonic time to correct it
    CHECK(all[0].id < all[1].id);
    CHECK(all[1].id < all[2].id);

    SECTION("since gives only later entries up to the limit") {
        const std::vector<AuditEntry> later = log.since(all[0].id);
        REQUIRE(later.size() == 2);
        CHECK(later[0].id == all[1].id);
        CHECK(log.since(all[0].id, 1).size() == 1);
        CHECK(log.since(all[2].id).empty());
        CHECK(log.since(0, 0).empty());
    }
    SECTION("entries survive reopening the database") {
        KioskDatabase again(dir / "kiosk.db", clock, ids);
        AuditLog reopened(again, clock);
        CHECK(reopened.since(0).size() == 3);
        reopened.record(audit::KioskQuit, "");
        CHECK(reopened.since(all[2].id).at(0).event == "kiosk_quit");
    }
    SECTION("an entry without an event name is refused") {
        CHECK_THROWS_AS(log.record("", "x"), StorageError);
        CHECK(log.since(0).size() == 3);
    }
}

TEST_CASE("audit event names never change", "[audit]") {
    CHECK(std::string(audit::KioskStart) == "kiosk_start");
    CHECK(std::string(audit::KioskQuit) == "kiosk_quit");
    CHECK(std::string(audit::StaffSignIn) == "staff_sign_in");
    CHECK(std::string(audit::StaffSignOut) == "staff_sign_out");
    CHECK(std::string(audit::PinFailure) == "pin_failure");
    CHECK(std::string(audit::PinLockout) == "pin_lockout");
    CHECK(std::string(audit::PinChanged) == "pin_changed");
    CHECK(std::string(audit::OfficerSignIn) == "officer_sign_in");
    CHECK(std::string(audit::OfficerSignOut) == "officer_sign_out");
    CHECK(std::string(audit::OfficerChanged) == "officer_changed");
    CHECK(std::string(audit::SettingChanged) == "setting_changed");
    CHECK(std::string(audit::ClockJump) == "clock_jump");
}
