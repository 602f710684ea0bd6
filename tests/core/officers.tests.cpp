// The unit's officers: add, update, validate, deactivate, and the officer signed in at
// this counter, which a restart keeps (issue 3).
#include "store/officers.h"
#include "base/clock.h"
#include "base/ids.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/staff_auth.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

const PinPolicy Fast = PinPolicy::fastForTests();

struct Unit {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    AuditLog audit{db, clock};
    OfficerRegistry officers{db, audit, Fast};
    StaffAuth auth{db, clock, audit, Fast};

    Unit() {
        REQUIRE(officers.save(Officer{"cb-07", "Trần Văn Bình", "Chuyên viên", true}, std::string("2580")));
        REQUIRE(officers.save(Officer{"cb-02", "Lê Thị An", "Phó trưởng bộ phận", true}, std::string("1470")));
    }
    std::vector<std::string> idsOf(bool includeInactive) const {
        std::vector<std::string> out;
        for (const Officer& o : officers.list(includeInactive)) out.push_back(o.id);
        return out;
    }
    AuditEntry last() const { return audit.since(0).back(); }
};

/// The problem of a refused call, or nullopt if it went through.
std::optional<OfficerError> refusal(const Expected<void, OfficerError>& r) {
    if (r) return std::nullopt;
    return r.error();
}
const std::optional<OfficerError> Accepted;
OfficerError problem(OfficerProblem p) { return OfficerError{p, std::nullopt}; }
OfficerError badPin(PinProblem p) { return OfficerError{OfficerProblem::BadPin, p}; }

}  // namespace

TEST_CASE("officers are added listed by name found and audited", "[officers]") {
    Unit u;
    CHECK(u.idsOf(false) == std::vector<std::string>{"cb-02", "cb-07"});  // Lê before Trần
    const std::optional<Officer> binh = u.officers.find("cb-07");
    REQUIRE(binh);
    CHECK(binh->name == "Trần Văn Bình");
    CHECK(binh->title == "Chuyên viên");
    CHECK(binh->active);
    CHECK_FALSE(u.officers.find("cb-99"));
    CHECK(u.last().event == audit::OfficerChanged);
    CHECK(u.last().detail == "officer=cb-02 added: Lê Thị An");
    for (const AuditEntry& e : u.audit.since(0)) CHECK(e.detail.find("1470") == std::string::npos);
    CHECK(u.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Accepted);
    CHECK(u.auth.checkOfficerPin("cb-02", "2580") == PinCheck::Wrong);
}

TEST_CASE("updating an officer keeps the PIN unless a new one is given", "[officers]") {
    Unit u;
    REQUIRE(u.officers.save(Officer{"cb-07", "  Trần Văn Bình  ", "Trưởng bộ phận", true}, std::nullopt));
    CHECK(u.officers.find("cb-07")->name == "Trần Văn Bình");  // trimmed
    CHECK(u.officers.find("cb-07")->title == "Trưởng bộ phận");
    CHECK(u.last().detail == "officer=cb-07 changed: title");
    CHECK(u.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Accepted);

    REQUIRE(u.officers.save(Officer{"cb-07", "Trần Văn Bình", "Trưởng bộ phận", true}, std::string("3692")));
    CHECK(u.last().detail == "officer=cb-07 changed: pin");
    CHECK(u.auth.checkOfficerPin("cb-07", "3692") == PinCheck::Accepted);
    CHECK(u.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Wrong);

    const std::size_t entries = u.audit.since(0).size();
    REQUIRE(u.officers.save(Officer{"cb-07", "Trần Văn Bình", "Trưởng bộ phận", true}, std::nullopt));
    CHECK(u.audit.since(0).size() == entries);  // nothing changed, nothing audited
}

TEST_CASE("an invalid officer is refused with the problem and nothing is saved", "[officers]") {
    Unit u;
    const auto save = [&](Officer o, std::optional<std::string> pin) { return refusal(u.officers.save(o, pin)); };
    const std::optional<std::string> pin = std::string("2580");
    CHECK(save(Officer{"", "Tên", "", true}, pin) == problem(OfficerProblem::BadId));
    CHECK(save(Officer{"cb 09", "Tên", "", true}, pin) == problem(OfficerProblem::BadId));
    CHECK(save(Officer{"cán-bộ", "Tên", "", true}, pin) == problem(OfficerProblem::BadId));
    CHECK(save(Officer{std::string(33, 'a'), "Tên", "", true}, pin) == problem(OfficerProblem::BadId));
    CHECK(save(Officer{"cb-09", "", "", true}, pin) == problem(OfficerProblem::NoName));
    CHECK(save(Officer{"cb-09", "   ", "", true}, pin) == problem(OfficerProblem::NoName));
    std::string longName;
    for (int i = 0; i < 81; ++i) longName += "ắ";  // 81 characters, 243 bytes
    CHECK(save(Officer{"cb-09", longName, "", true}, pin) == problem(OfficerProblem::TooLong));
    CHECK(save(Officer{"cb-09", "Tên", longName, true}, pin) == problem(OfficerProblem::TooLong));
    CHECK(save(Officer{"cb-09", "Tên", "", true}, std::nullopt) == problem(OfficerProblem::NeedsPin));
    CHECK(save(Officer{"cb-09", "Tên", "", true}, std::string("1111")) == badPin(PinProblem::TooSimple));
    CHECK(save(Officer{"cb-09", "Tên", "", true}, std::string("12x4")) == badPin(PinProblem::NotDigits));
    CHECK(save(Officer{"cb-07", "Trần Văn Bình", "", true}, std::string("12")) == badPin(PinProblem::TooShort));
    CHECK(u.idsOf(true) == std::vector<std::string>{"cb-02", "cb-07"});
    CHECK(u.officers.find("cb-07")->title == "Chuyên viên");

    longName.pop_back();
    longName.pop_back();
    longName.pop_back();  // 80 characters: accepted
    CHECK(save(Officer{"A_z-9", longName, longName, true}, pin) == Accepted);
}

TEST_CASE("a deactivated officer is kept but hidden from sign-in", "[officers]") {
    Unit u;
    REQUIRE(u.officers.deactivate("cb-07"));
    CHECK(u.idsOf(false) == std::vector<std::string>{"cb-02"});
    CHECK(u.idsOf(true) == std::vector<std::string>{"cb-02", "cb-07"});
    CHECK_FALSE(u.officers.find("cb-07")->active);
    CHECK(u.last().detail == "officer=cb-07 changed: deactivated");
    CHECK(u.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Wrong);
    CHECK(refusal(u.officers.signIn("cb-07")) == problem(OfficerProblem::Unknown));
    CHECK(refusal(u.officers.deactivate("cb-99")) == problem(OfficerProblem::Unknown));

    SECTION("saving it as active again brings it back with its PIN") {
        REQUIRE(u.officers.save(Officer{"cb-07", "Trần Văn Bình", "Chuyên viên", true}, std::nullopt));
        CHECK(u.last().detail == "officer=cb-07 changed: reactivated");
        CHECK(u.auth.checkOfficerPin("cb-07", "2580") == PinCheck::Accepted);
    }
}

TEST_CASE("the officer signed in at the counter is kept after a restart until signed out", "[officers]") {
    Unit u;
    CHECK_FALSE(u.officers.signedIn());
    REQUIRE(u.officers.signIn("cb-07"));
    CHECK(u.last().event == audit::OfficerSignIn);
    CHECK(u.last().detail == "officer=cb-07");
    {
        OfficerRegistry again(u.db, u.audit, Fast);
        REQUIRE(again.signedIn());
        CHECK(again.signedIn()->name == "Trần Văn Bình");
        CHECK(again.signedIn()->title == "Chuyên viên");
    }
    SECTION("signing out records why") {
        u.officers.signOut("closing_time");
        CHECK_FALSE(u.officers.signedIn());
        CHECK(u.last().event == audit::OfficerSignOut);
        CHECK(u.last().detail == "officer=cb-07 why=closing_time");
        const std::size_t entries = u.audit.since(0).size();
        u.officers.signOut("officer");  // nobody signed in: nothing happens
        CHECK(u.audit.since(0).size() == entries);
    }
    SECTION("another officer signing in signs the first one out") {
        REQUIRE(u.officers.signIn("cb-02"));
        CHECK(u.officers.signedIn()->id == "cb-02");
        const std::vector<AuditEntry> log = u.audit.since(0);
        REQUIRE(log.size() >= 2);
        CHECK(log[log.size() - 2].detail == "officer=cb-07 why=other_officer");
        CHECK(log.back().detail == "officer=cb-02");
    }
    SECTION("deactivating the signed-in officer signs them out") {
        REQUIRE(u.officers.deactivate("cb-07"));
        CHECK_FALSE(u.officers.signedIn());
        CHECK(u.last().detail == "officer=cb-07 why=deactivated");
    }
    SECTION("an unknown officer cannot sign in and the signed-in one stays") {
        CHECK(refusal(u.officers.signIn("cb-99")) == problem(OfficerProblem::Unknown));
        CHECK(u.officers.signedIn()->id == "cb-07");
    }
}
