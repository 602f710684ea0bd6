// Where the panel's size comes from, and the text sizes that follow (core/panel.h).
#include "flow/panel.h"
#include "survey/settings.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hailong::core;

TEST_CASE("the panel size comes from the command line, the setting, EDID, else is assumed", "[panel]") {
    const MonitorSize edid{1920, 1080, 476, 268};  // a 21.5-inch panel
    SECTION("the command line wins") {
        const PanelDensity d = resolvePanelDensity(1366, 768, 15.6, 18.5, edid);
        CHECK(d.source == PanelSource::CommandLine);
        CHECK(d.pxPerMm == Approx(3.955).epsilon(0.001));
    }
    SECTION("then the setting") { CHECK(resolvePanelDensity(1366, 768, 0, 18.5, edid).source == PanelSource::Setting); }
    SECTION("then EDID, with the monitor's own pixels") {
        const PanelDensity d = resolvePanelDensity(1366, 768, 0, 0, edid);
        CHECK(d.source == PanelSource::Edid);
        CHECK(d.diagonalInches == Approx(21.5).epsilon(0.01));
        CHECK(d.pxPerMm == Approx(1920.0 / 476).epsilon(0.01));
    }
    SECTION("a panel mounted in portrait reports its size as built") {
        CHECK(resolvePanelDensity(1080, 1920, 0, 0, {1920, 1080, 476, 268}).source == PanelSource::Edid);
    }
    SECTION("missing or implausible EDID: an assumed 15-inch panel, said why") {
        for (const MonitorSize& bad : {MonitorSize{1920, 1080, 0, 0}, MonitorSize{1920, 1080, 160, 90},
                                       MonitorSize{1920, 1080, 1600, 900}, MonitorSize{1920, 1080, 400, 400}}) {
            const PanelDensity d = resolvePanelDensity(1920, 1080, 0, 0, bad);
            CHECK(d.source == PanelSource::Assumed);
            CHECK(d.diagonalInches == AssumedPanelInches);
            CHECK_FALSE(d.note.empty());
        }
    }
}

TEST_CASE("text sizes reach 4.8 mm capitals and keep buttons above body", "[panel]") {
    const double capPerPx = 0.524;  // Noto Sans, as FreeType sizes it
    SECTION("a dense panel raises small and body text to the minimum") {
        const TextSizes t = textSizesFor(0.8f, 3.36, capPerPx);  // 1024x768 on 15"
        CHECK(t.small * capPerPx / 3.36 >= MinCapHeightMm - 0.1);
        CHECK(t.body == t.small);
        CHECK(t.button >= t.body * 1.12f);
        CHECK(t.title >= t.button * 1.15f);
        CHECK(t.huge >= t.title * 1.3f);
    }
    SECTION("a large panel keeps the design's sizes") {
        const TextSizes t = textSizesFor(1.5f, 2.71, capPerPx);  // 1920x1080 on 32"
        CHECK(t.small == Approx(39));
        CHECK(t.body == Approx(42));
        CHECK(t.button == Approx(48));
        CHECK(t.title == Approx(63));
        CHECK(t.huge == Approx(90));
    }
}

TEST_CASE("the panel size setting is stored with one decimal, 0 meaning automatic", "[panel][settings]") {
    CHECK(formatPanelTenths(156) == "15.6");
    CHECK(formatPanelTenths(150) == "15");
    CHECK(formatPanelTenths(0) == "0");
    CHECK(parsePanelTenths("15.6") == 156);
    CHECK(parsePanelTenths("32") == 320);
    CHECK_FALSE(parsePanelTenths("15.65").has_value());
    CHECK_FALSE(parsePanelTenths("-15").has_value());
    CHECK_FALSE(parsePanelTenths("mười lăm").has_value());
    KioskSettings s;
    s.panelTenthsInch = 50;
    const auto problems = validateSettings(s);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "display.panel_inches");
    s.panelTenthsInch = 215;
    CHECK(validateSettings(s).empty());
    CHECK(validPanelInches(0));
    CHECK_FALSE(validPanelInches(5));
}
