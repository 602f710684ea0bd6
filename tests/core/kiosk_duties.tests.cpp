// The kiosk's rules that used to live in app/ (issue 15), with the fake clock: the duties of
// closing time (KioskDuties: the automatic export, the officer's sign-out), where keyboard and
// scanner keys go and how long a scanned dossier code stays linked (KeyRouter), and the export
// run on its worker thread (ExportJob).
#include "flow/kiosk_duties.h"
#include "batch/export_job.h"
#include "flow/key_router.h"
#include "support/export_kiosk.h"
#include "support/flow_fixture.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

constexpr std::int64_t Hour = 3'600'000;
constexpr std::int64_t Monday9 = 1'767'225'600'000 + 4 * 86'400'000 + 2 * Hour;  // 2026-01-05 09:00 +07:00

/// A kiosk database at Monday 09:00 local time, with the automatic export switched on
/// (opening hours as shipped: 07:30-17:00, Monday to Saturday).
struct DutyKiosk {
    TempDir dir;
    ManualClock clock{Monday9};
    SequentialIds ids;
    KioskDatabase db{dir / "hailong.db", clock, ids};
    KioskSettings settings;
    DutyKiosk() { settings.autoExport = true; }
    void at(std::int64_t utcMs) { clock.advanceMs(utcMs - clock.wallMs()); }
};

/// A citizen flow and the router in front of it.
struct Keys : hailong::test::FlowFixture {
    KeyRouter router{flow, clock};
    const std::string pattern = KioskSettings{}.dossierPattern;

    /// A barcode scanner: keys 5 ms apart, then Enter.
    KeyAction scan(const std::string& code, KeyFocus focus) {
        for (const char c : code) {
            (void)router.onChar(static_cast<std::uint32_t>(c), focus);
            clock.advanceMs(5);
        }
        return router.onEnter(focus, pattern);
    }
    /// A person: each key 150 ms apart, typed into the comment when the router says so.
    void typeSlowly(const std::u32string& keys, KeyFocus focus) {
        for (const char32_t c : keys) {
            clock.advanceMs(150);
            if (router.onChar(static_cast<std::uint32_t>(c), focus) == KeyAction::Comment) (void)flow.typeChar(c);
        }
    }
};

}  // namespace

// [SECTION] KioskDuties: closing time

TEST_CASE("the automatic export is due once per closing time", "[kiosk_duties][export]") {
    DutyKiosk k;
    KioskDuties duties(k.clock, k.db);
    CHECK_FALSE(duties.loadProblem());
    CHECK(duties.lastAutoExportUtcMs() == Monday9);  // nothing stored: counted from now
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    k.at(Monday9 + 7 * Hour);  // 16:00
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    k.at(Monday9 + 8 * Hour);  // 17:00
    REQUIRE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    duties.autoExportStarted(true);
    CHECK(duties.lastAutoExportUtcMs() == Monday9 + 8 * Hour);
    CHECK(k.db.meta(KioskDuties::LastAutoExportKey) == std::to_string(Monday9 + 8 * Hour));
    k.at(Monday9 + 8 * Hour + 1000);
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    k.at(Monday9 + 12 * Hour);  // the same evening
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    k.at(Monday9 + 32 * Hour);  // Tuesday 17:00
    CHECK(duties.tick(k.settings, std::nullopt, false).startAutoExport);

    SECTION("never when the automatic export is off") {
        k.settings.autoExport = false;
        CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    }
    SECTION("not while an export runs; at the first tick after it") {
        CHECK_FALSE(duties.tick(k.settings, std::nullopt, true).startAutoExport);
        k.clock.advanceMs(1000);
        CHECK(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    }
}

TEST_CASE("an automatic export that could not start is not counted and is tried again", "[kiosk_duties][export]") {
    DutyKiosk k;
    KioskDuties duties(k.clock, k.db);
    k.at(Monday9 + 8 * Hour);  // 17:00
    REQUIRE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    duties.autoExportStarted(false);  // the job was busy
    CHECK(duties.lastAutoExportUtcMs() == Monday9);
    CHECK_FALSE(k.db.meta(KioskDuties::LastAutoExportKey).has_value());
    k.clock.advanceMs(1000);  // the next wake-up
    REQUIRE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
    duties.autoExportStarted(true);
    CHECK(duties.lastAutoExportUtcMs() == Monday9 + 8 * Hour + 1000);
    k.clock.advanceMs(1000);
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
}

TEST_CASE("the time of the last automatic export is kept across a restart", "[kiosk_duties][export]") {
    DutyKiosk k;
    {
        KioskDuties duties(k.clock, k.db);
        k.at(Monday9 + 8 * Hour);
        REQUIRE(duties.tick(k.settings, std::nullopt, false).startAutoExport);
        duties.autoExportStarted(true);
    }
    k.at(Monday9 + 10 * Hour);  // restarted the same evening: already done
    KioskDuties again(k.clock, k.db);
    CHECK(again.lastAutoExportUtcMs() == Monday9 + 8 * Hour);
    CHECK_FALSE(again.tick(k.settings, std::nullopt, false).startAutoExport);

    SECTION("an unreadable time counts from now, and says so") {
        k.db.setMeta(KioskDuties::LastAutoExportKey, "17:00 hôm qua");
        KioskDuties damaged(k.clock, k.db);
        REQUIRE(damaged.loadProblem());
        CHECK(damaged.loadProblem()->find(KioskDuties::LastAutoExportKey) != std::string::npos);
        CHECK(damaged.lastAutoExportUtcMs() == k.clock.wallMs());
        CHECK_FALSE(damaged.tick(k.settings, std::nullopt, false).startAutoExport);
    }
}

TEST_CASE("the officer on duty is signed out at the first closing time after signing in", "[kiosk_duties][officers]") {
    DutyKiosk k;
    const KioskDuties duties(k.clock, k.db);
    const std::int64_t signedIn = Monday9 - Hour;  // 08:00
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).signOfficerOut);
    CHECK_FALSE(duties.tick(k.settings, signedIn, false).signOfficerOut);
    k.at(Monday9 + 8 * Hour - 1);  // 16:59:59.999
    CHECK_FALSE(duties.tick(k.settings, signedIn, false).signOfficerOut);
    k.at(Monday9 + 8 * Hour);  // 17:00
    CHECK(duties.tick(k.settings, signedIn, false).signOfficerOut);
    CHECK(duties.tick(k.settings, signedIn, true).signOfficerOut);             // an export running does not matter
    CHECK_FALSE(duties.tick(k.settings, std::nullopt, false).signOfficerOut);  // done: nobody signed in

    SECTION("the kiosk was off at closing time: at its first tick after") {
        k.at(Monday9 + 30 * Hour);  // Tuesday 15:00
        CHECK(duties.tick(k.settings, signedIn, false).signOfficerOut);
    }
    SECTION("signed in after closing (overtime): at the next day's closing time") {
        const std::int64_t overtime = Monday9 + 11 * Hour;  // 20:00
        k.at(overtime + Hour);
        CHECK_FALSE(duties.tick(k.settings, overtime, false).signOfficerOut);
        k.at(Monday9 + 32 * Hour);  // Tuesday 17:00
        CHECK(duties.tick(k.settings, overtime, false).signOfficerOut);
    }
}

// [SECTION] KeyRouter: the dossier link and where keys go

TEST_CASE("the keys' focus follows the side and screen in front", "[kiosk_duties][keys]") {
    CHECK(keyFocus(false, StaffScreen::Closed, Screen::Idle) == KeyFocus::Citizen);
    CHECK(keyFocus(false, StaffScreen::Closed, Screen::Question) == KeyFocus::Citizen);
    CHECK(keyFocus(false, StaffScreen::Closed, Screen::Comment) == KeyFocus::Comment);
    CHECK(keyFocus(true, StaffScreen::Pin, Screen::Idle) == KeyFocus::StaffPin);
    CHECK(keyFocus(true, StaffScreen::Text, Screen::Idle) == KeyFocus::StaffText);
    CHECK(keyFocus(true, StaffScreen::Dossier, Screen::Idle) == KeyFocus::StaffPad);
    CHECK(keyFocus(true, StaffScreen::Menu, Screen::Comment) == KeyFocus::StaffPad);
}

TEST_CASE("a scanned dossier code links the next response for a while only", "[kiosk_duties][scanner]") {
    Keys k;
    REQUIRE(k.scan("HS-000777", KeyFocus::Citizen) == KeyAction::DossierLinked);
    CHECK(k.flow.context().dossierCode == "HS-000777");
    k.clock.advanceMs(KeyRouter::DossierLinkMs - 1);
    CHECK_FALSE(k.router.tick());
    CHECK(k.flow.context().dossierCode == "HS-000777");

    SECTION("nobody rated: dropped once the time is up") {
        k.clock.advanceMs(1);
        CHECK(k.router.tick());
        CHECK(k.flow.context().dossierCode.empty());
        CHECK_FALSE(k.router.tick());  // once
    }
    SECTION("a new scan starts the time again") {
        REQUIRE(k.scan("HS-000778", KeyFocus::Citizen) == KeyAction::DossierLinked);
        k.clock.advanceMs(KeyRouter::DossierLinkMs - 100);
        CHECK_FALSE(k.router.tick());
        CHECK(k.flow.context().dossierCode == "HS-000778");
    }
    SECTION("kept while a response is under way") {
        REQUIRE(k.flow.answer("satisfied") == TapResult::Accepted);
        REQUIRE(k.flow.screen() != Screen::Idle);
        k.clock.advanceMs(10);
        CHECK_FALSE(k.router.tick());
    }
}

TEST_CASE("a code keyed in by the officer expires like a scanned one", "[kiosk_duties][scanner]") {
    Keys k;
    k.router.linkDossier("HS-000123");
    CHECK(k.flow.context().dossierCode == "HS-000123");
    k.clock.advanceMs(KeyRouter::DossierLinkMs);
    CHECK(k.router.tick());
    CHECK(k.flow.context().dossierCode.empty());
}

TEST_CASE("on the citizen side only a scan does something", "[kiosk_duties][keys][scanner]") {
    Keys k;
    SECTION("a person's keys and Enter go nowhere") {
        for (const char c : std::string("abc")) {
            k.clock.advanceMs(150);
            CHECK(k.router.onChar(static_cast<std::uint32_t>(c), KeyFocus::Citizen) == KeyAction::None);
        }
        CHECK(k.router.onBackspace(KeyFocus::Citizen) == KeyAction::None);
        CHECK(k.router.onEnter(KeyFocus::Citizen, k.pattern) == KeyAction::None);
        CHECK(k.flow.context().dossierCode.empty());
    }
    SECTION("a code that is not a dossier code is refused and links nothing") {
        CHECK(k.scan("???", KeyFocus::Citizen) == KeyAction::BadScan);
        CHECK(k.flow.context().dossierCode.empty());
    }
    SECTION("Backspace in the middle of a scan ends it") {
        for (const char c : std::string("HS-0")) {
            (void)k.router.onChar(static_cast<std::uint32_t>(c), KeyFocus::Citizen);
            k.clock.advanceMs(5);
        }
        CHECK(k.router.onBackspace(KeyFocus::Citizen) == KeyAction::None);
        CHECK(k.router.onEnter(KeyFocus::Citizen, k.pattern) == KeyAction::None);
        CHECK(k.flow.context().dossierCode.empty());
    }
}

TEST_CASE("on the comment screen a person types and a scan in the middle is taken out",
          "[kiosk_duties][keys][comment]") {
    Keys k;
    k.offerToComment();
    REQUIRE(k.flow.screen() == Screen::Comment);
    k.typeSlowly(U"toots", KeyFocus::Comment);
    REQUIRE(k.flow.commentInput()->text() == "tốt");
    k.clock.advanceMs(150);
    // The scanner's keys are typed too (they cannot be told before Enter), then taken out.
    for (const char c : std::string("HS-000777")) {
        CHECK(k.router.onChar(static_cast<std::uint32_t>(c), KeyFocus::Comment) == KeyAction::Comment);
        (void)k.flow.typeChar(static_cast<char32_t>(c));
        k.clock.advanceMs(5);
    }
    CHECK(k.router.onEnter(KeyFocus::Comment, k.pattern) == KeyAction::DossierLinked);
    CHECK(k.flow.commentInput()->text() == "tốt");
    CHECK(k.flow.context().dossierCode == "HS-000777");
    k.clock.advanceMs(1000);
    CHECK(k.router.onBackspace(KeyFocus::Comment) == KeyAction::Comment);
    CHECK(k.router.onEnter(KeyFocus::Comment, k.pattern) == KeyAction::Comment);  // a person's Enter: done
}

TEST_CASE("on the staff side keys go to the field or pad, a scan never to the PIN", "[kiosk_duties][keys][staff]") {
    Keys k;
    SECTION("the PIN pad: a person's digits count, a scanner's burst clears it") {
        for (const char c : std::string("7305")) {
            k.clock.advanceMs(150);
            CHECK(k.router.onChar(static_cast<std::uint32_t>(c), KeyFocus::StaffPin) == KeyAction::StaffPad);
        }
        k.clock.advanceMs(150);
        CHECK(k.router.onEnter(KeyFocus::StaffPin, k.pattern) == KeyAction::StaffPad);  // submit

        k.clock.advanceMs(1000);
        CHECK(k.router.onChar('1', KeyFocus::StaffPin) == KeyAction::StaffPad);  // cannot be told yet
        k.clock.advanceMs(5);
        CHECK(k.router.onChar('2', KeyFocus::StaffPin) == KeyAction::ClearStaffInput);
        k.clock.advanceMs(5);
        CHECK(k.router.onChar('3', KeyFocus::StaffPin) == KeyAction::ClearStaffInput);
        k.clock.advanceMs(5);
        CHECK(k.router.onEnter(KeyFocus::StaffPin, k.pattern) == KeyAction::ClearStaffInput);
        CHECK(k.flow.context().dossierCode.empty());  // nor a dossier link
    }
    SECTION("a text field takes every key, Backspace and Enter") {
        CHECK(k.router.onChar(U'ầ', KeyFocus::StaffText) == KeyAction::StaffText);
        k.clock.advanceMs(150);
        CHECK(k.router.onChar('Q', KeyFocus::StaffText) == KeyAction::StaffText);
        CHECK(k.router.onBackspace(KeyFocus::StaffText) == KeyAction::StaffText);
        CHECK(k.router.onEnter(KeyFocus::StaffText, k.pattern) == KeyAction::StaffText);
    }
    SECTION("another pad (the dossier code) takes ASCII keys, even a scanner's") {
        CHECK(k.router.onChar(U'ầ', KeyFocus::StaffPad) == KeyAction::None);
        CHECK(k.scan("HS-1", KeyFocus::StaffPad) == KeyAction::StaffPad);  // Enter: submit
        CHECK(k.router.onBackspace(KeyFocus::StaffPad) == KeyAction::StaffPad);
        CHECK(k.flow.context().dossierCode.empty());  // linked by the staff flow, not here
    }
}

// [SECTION] ExportJob: the export on its worker thread

TEST_CASE("an export runs on its worker thread and a second start waits for it", "[export_job][threads]") {
    hailong::test::Kiosk k;
    k.rateMany(30);
    ExportJob job(k.db.path(), k.keys, k.clock, "hailong test");
    REQUIRE(job.start(k.out, ExportKind::Automatic));
    // Refused while it runs or until its outcome is polled (a fast export may be done already).
    CHECK_FALSE(job.start(k.out));

    ExportPoll polled;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!polled.outcome && std::chrono::steady_clock::now() < deadline) {
        polled = job.poll();
        CHECK(polled.kind == ExportKind::Automatic);
        if (!polled.outcome) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(polled.outcome);
    const auto& outcome = *polled.outcome;
    INFO((outcome ? "" : outcome.error().technical));
    REQUIRE(outcome);
    CHECK(outcome->number == 1);
    CHECK(outcome->responses == 30);
    CHECK(std::filesystem::exists(outcome->batchFile));
    CHECK_FALSE(job.running());
    CHECK_FALSE(job.poll().outcome);  // delivered once

    SECTION("the next export starts once the outcome was polled, and goes to the staff") {
        k.rateMany(2);
        REQUIRE(job.start(k.out));
        ExportPoll next;
        while (!next.outcome && std::chrono::steady_clock::now() < deadline) {
            next = job.poll();
            if (!next.outcome) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        REQUIRE(next.outcome);
        CHECK(next.kind == ExportKind::Staff);
        REQUIRE(*next.outcome);
        CHECK((*next.outcome)->number == 2);
    }
}

TEST_CASE("an export whose database cannot be opened fails as unreadable, with the reason for the log",
          "[export_job][threads]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "a-folder");  // where the database should be
    hailong::test::Kiosk k;
    ExportJob job(dir / "a-folder", k.keys, k.clock, "hailong test");
    REQUIRE(job.start(dir / "out"));
    ExportPoll polled;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!polled.outcome && std::chrono::steady_clock::now() < deadline) {
        polled = job.poll();
        if (!polled.outcome) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(polled.outcome);
    REQUIRE_FALSE(*polled.outcome);
    CHECK(polled.outcome->error().problem == ExportProblem::DatabaseUnreadable);
    CHECK_FALSE(polled.outcome->error().technical.empty());
}
