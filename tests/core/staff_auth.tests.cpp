// The staff PIN: argon2id hashing, the PIN rules, the factory PIN and the lockout of the
// PIN pad, timed with a clock the tests move (issue 3).
#include "store/staff_auth.h"
#include "base/clock.h"
#include "base/ids.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/officers.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

const PinPolicy Fast = PinPolicy::fastForTests();
const std::string Good = "482915";

struct Pad {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    AuditLog audit{db, clock};
    StaffAuth auth{db, clock, audit, Fast};
    Pad() { REQUIRE(auth.changeStaffPin(Good)); }

    std::vector<AuditEntry> events(const std::string& name) const {
        std::vector<AuditEntry> out;
        for (const AuditEntry& e : audit.since(0))
            if (e.event == name) out.push_back(e);
        return out;
    }
    /// Wrong PINs until the pad locks; returns how many it took.
    int wrongUntilLocked() {
        for (int i = 1; i <= 100; ++i)
            if (auth.checkStaffPin("111222") == PinCheck::Locked) return i;
        return -1;
    }
};

}  // namespace

TEST_CASE("a PIN hash is argon2id and salted and verifies only the right PIN", "[auth]") {
    const std::string a = hashPin("482915", Fast);
    const std::string b = hashPin("482915", Fast);
    CHECK(a.rfind("$argon2id$", 0) == 0);
    CHECK(a != b);  // salted
    CHECK(a.find("482915") == std::string::npos);
    CHECK(pinMatches(a, "482915"));
    CHECK(pinMatches(b, "482915"));
    CHECK_FALSE(pinMatches(a, "482916"));
    CHECK_FALSE(pinMatches(a, ""));
    CHECK_FALSE(pinMatches("", "482915"));
    CHECK_FALSE(pinMatches("$argon2id$damaged", "482915"));
}

TEST_CASE("the default PIN policy makes an argon2id hash that verifies", "[auth]") {
    const std::string h = hashPin("482915", PinPolicy{});
    CHECK(h.rfind("$argon2id$", 0) == 0);
    CHECK(h.find("m=65536") != std::string::npos);  // crypto_pwhash_MEMLIMIT_INTERACTIVE, 64 MiB
    CHECK(pinMatches(h, "482915"));
    CHECK_FALSE(pinMatches(h, "482951"));
}

TEST_CASE("pinProblem accepts 4 to 8 digits that are not trivial", "[auth]") {
    for (const char* ok : {"4829", "482915", "19283746", "1235", "9870", "1122", "0102"}) {
        INFO(ok);
        CHECK_FALSE(pinProblem(ok));
    }
    CHECK(pinProblem("12a4") == PinProblem::NotDigits);
    CHECK(pinProblem("12 345") == PinProblem::NotDigits);
    CHECK(pinProblem("１２３４") == PinProblem::NotDigits);  // full-width digits
    CHECK(pinProblem("") == PinProblem::TooShort);
    CHECK(pinProblem("482") == PinProblem::TooShort);
    CHECK(pinProblem("482915372") == PinProblem::TooShort);  // over 8: same key, the pad takes 8 at most
    CHECK(pinProblem("000000") == PinProblem::Factory);
    for (const char* simple : {"1111", "99999999", "1234", "345678", "4321", "98765432", "7890", "2109", "0000"}) {
        INFO(simple);
        CHECK(pinProblem(simple) == PinProblem::TooSimple);
    }
}

TEST_CASE("the factory PIN works until it is changed and must be changed", "[auth]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    AuditLog audit(db, clock);
    StaffAuth auth(db, clock, audit, Fast);
    CHECK(auth.mustChangePin());
    CHECK(auth.checkStaffPin(StaffAuth::FactoryPin) == PinCheck::Accepted);

    SECTION("an unacceptable new PIN is refused with the problem and changes nothing") {
        CHECK(auth.changeStaffPin("000000").error() == PinProblem::Factory);
        CHECK(auth.changeStaffPin("1234").error() == PinProblem::TooSimple);
        CHECK(auth.changeStaffPin("12").error() == PinProblem::TooShort);
        CHECK(auth.changeStaffPin("12ab").error() == PinProblem::NotDigits);
        CHECK(auth.mustChangePin());
        CHECK(audit.since(0).empty());
    }
    SECTION("the factory PIN is made once and still must be changed after a restart") {
        StaffAuth again(db, clock, audit, Fast);
        CHECK(again.mustChangePin());
        CHECK(again.checkStaffPin(StaffAuth::FactoryPin) == PinCheck::Accepted);
        CHECK(db.db().execAndGet("SELECT count(*) FROM pin_pad").getInt() == 1);
    }
    SECTION("a changed PIN replaces the factory PIN, is audited without the PIN and survives a restart") {
        REQUIRE(auth.changeStaffPin(Good));
        CHECK_FALSE(auth.mustChangePin());
        CHECK(auth.checkStaffPin(Good) == PinCheck::Accepted);
        CHECK(auth.checkStaffPin(StaffAuth::FactoryPin) == PinCheck::Wrong);
        const std::vector<AuditEntry> log = audit.since(0);
        REQUIRE_FALSE(log.empty());
        CHECK(log.front().event == audit::PinChanged);
        for (const AuditEntry& e : log) CHECK(e.detail.find(Good) == std::string::npos);

        StaffAuth again(db, clock, audit, Fast);
        CHECK_FALSE(again.mustChangePin());
        CHECK(again.checkStaffPin(Good) == PinCheck::Accepted);
        CHECK(again.checkStaffPin(StaffAuth::FactoryPin) == PinCheck::Wrong);
    }
}

TEST_CASE("five wrong PINs lock the pad for 30 seconds counted down by the monotonic clock", "[auth]") {
    Pad p;
    for (int left = 5; left > 1; --left) {
        CHECK(p.auth.failuresBeforeLock() == left);
        CHECK(p.auth.checkStaffPin("111222") == PinCheck::Wrong);
        CHECK(p.auth.lockRemainingMs() == 0);
    }
    CHECK(p.auth.failuresBeforeLock() == 1);
    CHECK(p.auth.checkStaffPin("111222") == PinCheck::Locked);  // the fifth locks
    CHECK(p.auth.lockRemainingMs() == 30'000);
    CHECK(p.auth.failuresBeforeLock() == 0);

    p.clock.advanceMs(12'000);
    CHECK(p.auth.lockRemainingMs() == 18'000);
    CHECK(p.auth.checkStaffPin(Good) == PinCheck::Locked);  // not even checked
    p.clock.setWallMs(p.clock.wallMs() + 3'600'000);        // moving the wall clock does not help
    CHECK(p.auth.lockRemainingMs() == 18'000);

    const std::vector<AuditEntry> failures = p.events(audit::PinFailure);
    REQUIRE(failures.size() == 5);
    CHECK(failures[0].detail == "pin=staff attempt=1");
    CHECK(failures[4].detail == "pin=staff attempt=5");
    const std::vector<AuditEntry> locks = p.events(audit::PinLockout);
    REQUIRE(locks.size() == 1);
    CHECK(locks[0].detail == "seconds=30");
    for (const AuditEntry& e : p.audit.since(0)) CHECK(e.detail.find("111222") == std::string::npos);

    SECTION("after the lock the right PIN works and resets the count and the interval") {
        p.clock.advanceMs(18'000);
        CHECK(p.auth.lockRemainingMs() == 0);
        CHECK(p.auth.checkStaffPin(Good) == PinCheck::Accepted);
        CHECK(p.auth.failuresBeforeLock() == 5);
        CHECK(p.wrongUntilLocked() == 5);
        CHECK(p.auth.lockRemainingMs() == 30'000);
    }
    SECTION("each wrong PIN after a lock locks again at once for twice as long up to one hour") {
        std::int64_t expected = 30'000;
        for (int lock = 2; lock <= 10; ++lock) {
            p.clock.advanceMs(p.auth.lockRemainingMs());
            CHECK(p.auth.failuresBeforeLock() == 1);
            CHECK(p.auth.checkStaffPin("111222") == PinCheck::Locked);
            expected = std::min<std::int64_t>(expected * 2, 3'600'000);
            INFO("lock " << lock);
            CHECK(p.auth.lockRemainingMs() == expected);
        }
        CHECK(expected == 3'600'000);  // 30 s doubled 7 times is over an hour: capped
        CHECK(p.events(audit::PinLockout).back().detail == "seconds=3600");
        CHECK(p.events(audit::PinFailure).back().detail == "pin=staff attempt=14");
    }
}

TEST_CASE("a restart keeps a lockout and a new boot restarts its full interval", "[auth]") {
    Pad p;
    p.wrongUntilLocked();
    p.clock.advanceMs(10'000);

    SECTION("the same boot keeps what is left") {
        StaffAuth again(p.db, p.clock, p.audit, Fast);
        CHECK(again.lockRemainingMs() == 20'000);
        CHECK(again.checkStaffPin(Good) == PinCheck::Locked);
    }
    SECTION("another boot restarts the whole interval from now") {
        ManualClock rebooted(p.clock.wallMs() + 60'000, 5'000, 420, "00000000-0000-4000-8000-0000000000b2");
        AuditLog audit(p.db, rebooted);
        StaffAuth again(p.db, rebooted, audit, Fast);
        CHECK(again.lockRemainingMs() == 30'000);
        rebooted.advanceMs(30'000);
        CHECK(again.checkStaffPin(Good) == PinCheck::Accepted);
    }
    SECTION("wrong PINs counted before a restart still count") {
        p.clock.advanceMs(20'000);
        CHECK(p.auth.checkStaffPin(Good) == PinCheck::Accepted);
        CHECK(p.auth.checkStaffPin("111222") == PinCheck::Wrong);
        CHECK(p.auth.checkStaffPin("111222") == PinCheck::Wrong);
        StaffAuth again(p.db, p.clock, p.audit, Fast);
        CHECK(again.failuresBeforeLock() == 3);
    }
}

TEST_CASE("officer PINs share the lockout counter but only the unit's PIN clears it", "[auth][officers]") {
    Pad p;
    OfficerRegistry officers(p.db, p.audit, Fast);
    REQUIRE(officers.save(Officer{"cb-07", "Nguyễn Thị Lan", "Chuyên viên", true}, std::string("2580")));
    CHECK(p.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Accepted);

    CHECK(p.auth.checkStaffPin("111222") == PinCheck::Wrong);
    CHECK(p.auth.checkOfficerPin("cb-07", "1357") == PinCheck::Wrong);
    CHECK(p.auth.checkOfficerPin("nobody", "2580") == PinCheck::Wrong);
    CHECK(p.auth.checkStaffPin("111222") == PinCheck::Wrong);
    CHECK(p.auth.checkOfficerPin("cb-07", "1357") == PinCheck::Locked);
    CHECK(p.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Locked);
    CHECK(p.events(audit::PinFailure)[1].detail == "pin=officer:cb-07 attempt=2");

    p.clock.advanceMs(30'000);
    CHECK(p.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Accepted);
    CHECK(p.auth.failuresBeforeLock() == 1);  // an officer's own PIN does not reset the count
    CHECK(p.auth.checkStaffPin(Good) == PinCheck::Accepted);
    CHECK(p.auth.failuresBeforeLock() == 5);
}

TEST_CASE("a PIN policy without attempts or lock time is refused", "[auth]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    AuditLog audit(db, clock);
    PinPolicy none = Fast;
    none.freeAttempts = 0;
    CHECK_THROWS_AS(StaffAuth(db, clock, audit, none), std::invalid_argument);
    PinPolicy backwards = Fast;
    backwards.maxLockMs = backwards.firstLockMs - 1;
    CHECK_THROWS_AS(StaffAuth(db, clock, audit, backwards), std::invalid_argument);
}
