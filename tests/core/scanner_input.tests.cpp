// Barcode scanner bursts told from people typing, and dossier codes checked against the
// unit's pattern.
#include "survey/scanner_input.h"
#include "survey/settings.h"

#include <catch2/catch.hpp>

#include <string>

using namespace hailong::core;

namespace {

/// Types text one character every gapMs from startMs; returns the time of the last one.
std::int64_t type(ScannerInput& in, const std::string& text, std::int64_t startMs, std::int64_t gapMs) {
    std::int64_t t = startMs;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0) t += gapMs;
        in.onChar(static_cast<unsigned char>(text[i]), t);
    }
    return t;
}

const std::string DefaultPattern = KioskSettings{}.dossierPattern;

}  // namespace

TEST_CASE("a fast burst followed by Enter yields the code", "[scanner]") {
    ScannerInput in;
    // xdotool type --delay 5 'HS-000123', then Enter
    const std::int64_t last = type(in, "HS-000123", 10'000, 5);
    CHECK(in.onEnter(last + 5) == std::optional<std::string>("HS-000123"));
    SECTION("and the next code starts from nothing") {
        CHECK_FALSE(in.onEnter(last + 10));
        const std::int64_t again = type(in, "HS-000124", last + 1'000, 8);
        CHECK(in.onEnter(again + 8) == std::optional<std::string>("HS-000124"));
    }
    SECTION("gaps of exactly the limit still count as a burst") {
        const std::int64_t t = type(in, "ABC", 20'000, 60);
        CHECK(in.onEnter(t + 60) == std::optional<std::string>("ABC"));
    }
}

TEST_CASE("slow typing yields nothing", "[scanner]") {
    ScannerInput in;
    SECTION("a person typing 150 ms apart") {
        const std::int64_t last = type(in, "HS-000123", 10'000, 150);
        CHECK_FALSE(in.onEnter(last + 150));
    }
    SECTION("characters one millisecond over the limit") {
        const std::int64_t last = type(in, "HS-000123", 10'000, 61);
        CHECK_FALSE(in.onEnter(last + 10));
    }
    SECTION("a fast burst but a slow Enter") {
        const std::int64_t last = type(in, "HS-000123", 10'000, 5);
        CHECK_FALSE(in.onEnter(last + 500));
    }
    SECTION("a configured slower scanner") {
        ScannerInput slow(100);
        const std::int64_t last = type(slow, "HS-000123", 10'000, 90);
        CHECK(slow.onEnter(last + 90) == std::optional<std::string>("HS-000123"));
    }
}

TEST_CASE("a pause starts a new code", "[scanner]") {
    ScannerInput in;
    const std::int64_t first = type(in, "1234", 10'000, 5);
    const std::int64_t second = type(in, "HS-9", first + 200, 5);
    CHECK(in.onEnter(second + 5) == std::optional<std::string>("HS-9"));
    SECTION("a clock that goes backwards starts over too") {
        type(in, "ABCDEF", 50'000, 5);
        const std::int64_t t = type(in, "XYZ", 40'000, 5);
        CHECK(in.onEnter(t + 5) == std::optional<std::string>("XYZ"));
    }
}

TEST_CASE("a character that is not printable ASCII resets the code", "[scanner]") {
    ScannerInput in;
    std::int64_t t = type(in, "HS-00", 10'000, 5);
    SECTION("a control character") {
        in.onChar(0x09, t += 5);
        CHECK(in.pendingLength() == 0);
    }
    SECTION("a letter with a Vietnamese accent") {
        in.onChar(0x1EC7, t += 5);  // ệ
        CHECK(in.pendingLength() == 0);
    }
    CHECK_FALSE(in.inBurst(t));
    t = type(in, "0123", t + 5, 5);
    CHECK(in.onEnter(t + 5) == std::optional<std::string>("0123"));
}

TEST_CASE("codes shorter than the minimum are ignored", "[scanner]") {
    ScannerInput in;
    std::int64_t t = type(in, "HS", 10'000, 5);
    CHECK_FALSE(in.onEnter(t + 5));
    t = type(in, "H", t + 1'000, 5);
    CHECK_FALSE(in.onEnter(t + 5));
    CHECK_FALSE(in.onEnter(t + 10));  // Enter alone
    ScannerInput one(60, 1);
    t = type(one, "7", 50'000, 5);
    CHECK(one.onEnter(t + 5) == std::optional<std::string>("7"));
}

TEST_CASE("a burst is recognised from its second character", "[scanner]") {
    ScannerInput in;
    in.onChar('H', 10'000);
    CHECK_FALSE(in.inBurst(10'000));  // could be a person's key
    in.onChar('S', 10'005);
    CHECK(in.inBurst(10'005));
    CHECK(in.inBurst(10'065));
    CHECK_FALSE(in.inBurst(10'066));  // the burst is over
    CHECK(in.pendingLength() == 2);
    in.reset();
    CHECK(in.pendingLength() == 0);
    CHECK_FALSE(in.inBurst(10'006));
}

TEST_CASE("an endless burst is not a code", "[scanner]") {
    ScannerInput in;
    std::int64_t t = type(in, std::string(ScannerInput::MaxLength, 'A'), 10'000, 5);
    CHECK(in.pendingLength() == ScannerInput::MaxLength);
    t = type(in, std::string(50, 'A'), t + 5, 5);  // a key held down goes on
    CHECK_FALSE(in.onEnter(t + 5));
    t = type(in, "HS-1", t + 500, 5);
    CHECK(in.onEnter(t + 5) == std::optional<std::string>("HS-1"));
}

TEST_CASE("a dossier code is trimmed and upper-cased before it is checked", "[scanner]") {
    const DossierCheck c = checkDossierCode("  hs-000123\r\n", DefaultPattern);
    CHECK(c.ok());
    CHECK(c.code == "HS-000123");
    CHECK(c.read == "HS-000123");
    CHECK(checkDossierCode("2026/ab.12", DefaultPattern).code == "2026/AB.12");
    const DossierCheck unit = checkDossierCode("hs-000123", "^HS-[0-9]{6}$");
    CHECK(unit.code == "HS-000123");
}

TEST_CASE("a dossier code that does not fit is refused with a message", "[scanner]") {
    SECTION("not the unit's format") {
        const DossierCheck c = checkDossierCode("HS-12", "^HS-[0-9]{6}$");
        REQUIRE(c.problem);
        CHECK(c.code.empty());  // nothing to link
        CHECK(c.read == "HS-12");
        CHECK_THAT(c.problem->vi, Catch::Contains("Mã hồ sơ không đúng định dạng của đơn vị"));
        CHECK_THAT(c.problem->en, Catch::Contains("does not have this unit's format"));
        // The message is safe to log: it does not quote the code.
        CHECK_THAT(c.problem->vi, !Catch::Contains("HS-12"));
        CHECK_THAT(c.problem->en, !Catch::Contains("HS-12"));
    }
    SECTION("a partial match is not enough") {
        CHECK_FALSE(checkDossierCode("XHS-000123", "HS-[0-9]{6}").ok());
        CHECK(checkDossierCode("HS-000123", "HS-[0-9]{6}").ok());
    }
    SECTION("characters the default pattern does not allow") {
        CHECK_FALSE(checkDossierCode("HS 000123", DefaultPattern).ok());
        CHECK_FALSE(checkDossierCode("-HS000123", DefaultPattern).ok());
        CHECK_FALSE(checkDossierCode("HS", DefaultPattern).ok());
        CHECK_FALSE(checkDossierCode("HỒ-SƠ-1", DefaultPattern).ok());
    }
    SECTION("empty or blank") {
        const DossierCheck c = checkDossierCode(" \t ", DefaultPattern);
        REQUIRE(c.problem);
        CHECK_THAT(c.problem->vi, Catch::Contains("Chưa có mã hồ sơ"));
        CHECK_THAT(c.problem->en, Catch::Contains("There is no dossier code"));
    }
    SECTION("too long to be matched") {
        const DossierCheck c = checkDossierCode(std::string(MaxDossierCodeLength + 1, 'A'), "^A+$");
        REQUIRE(c.problem);
        CHECK_THAT(c.problem->vi, Catch::Contains("quá dài (tối đa 128 ký tự)"));
        CHECK(checkDossierCode(std::string(MaxDossierCodeLength, 'A'), "^A+$").ok());
    }
    SECTION("an unusable pattern refuses every code, without throwing") {
        for (const char* pattern : {"^(HS", "", "[Z-A]"}) {
            const DossierCheck c = checkDossierCode("HS-000123", pattern);
            REQUIRE(c.problem);
            CHECK_THAT(c.problem->vi, Catch::Contains("Xin báo quản trị viên"));
            CHECK_THAT(c.problem->en, Catch::Contains("Please tell the unit administrator"));
        }
    }
}

TEST_CASE("a dossier pattern is checked before it is saved", "[scanner]") {
    CHECK_FALSE(dossierPatternProblem(DefaultPattern));
    CHECK_FALSE(dossierPatternProblem("^HS-[0-9]{6}$"));
    CHECK(dossierPatternProblem(""));
    const auto p = dossierPatternProblem("^HS-[0-9]{6$");
    REQUIRE(p);
    CHECK_THAT(p->vi, Catch::Contains("Mẫu mã hồ sơ không phải là biểu thức chính quy hợp lệ"));
    CHECK_THAT(p->en, Catch::Contains("The dossier code pattern is not a valid regular expression"));
}
