// Translated UI strings: flattening, both languages required, visible placeholders.
#include "base/strings.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {

Expected<Strings, LoadError> parsePair(std::string_view vi, std::string_view en) {
    return Strings::parse(vi, "vi.toml", en, "en.toml");
}

}  // namespace

TEST_CASE("UI strings grouped in tables are flattened to dotted keys", "[strings]") {
    const auto strings = parsePair(R"(app_name = "Hài Lòng"
[idle]
title = "Xin quý khách đánh giá mức độ hài lòng"
[idle.button]
language = "English"
)",
                                   R"(app_name = "Hài Lòng"
idle.title = "Please rate your satisfaction"
idle.button.language = "Tiếng Việt"
)");
    if (!strings) FAIL(strings.error().toString());
    CHECK(strings->size() == 3);
    CHECK(strings->has("idle.title"));
    CHECK(strings->has("idle.button.language"));
    CHECK_FALSE(strings->has("idle"));
    CHECK(strings->get("idle.title", Language::Vi) == "Xin quý khách đánh giá mức độ hài lòng");
    CHECK(strings->get("idle.title", Language::En) == "Please rate your satisfaction");
    CHECK(strings->get("idle.button.language", Language::En) == "Tiếng Việt");
}

TEST_CASE("a key missing from the other language is refused with its file and line", "[strings]") {
    SECTION("present in Vietnamese only") {
        const auto strings = parsePair("a = \"A\"\n[thanks]\ntitle = \"Cảm ơn\"\n", "a = \"A\"\n");
        REQUIRE_FALSE(strings);
        CHECK(strings.error().file == "vi.toml");
        CHECK(strings.error().line == 3);
        CHECK(strings.error().column == 1);
        CHECK_THAT(strings.error().message, Catch::Contains("'thanks.title'") && Catch::Contains("en.toml"));
        CHECK(strings.error().toString() ==
              "vi.toml:3:1: key 'thanks.title' is missing from en.toml (every key needs both languages)");
    }
    SECTION("present in English only, the earliest one is named") {
        const auto strings = parsePair("a = \"A\"\n", "a = \"A\"\nz = \"Z\"\nb = \"B\"\n");
        REQUIRE_FALSE(strings);
        CHECK(strings.error().file == "en.toml");
        CHECK(strings.error().line == 2);
        CHECK_THAT(strings.error().message, Catch::Contains("'z'") && Catch::Contains("vi.toml"));
    }
}

TEST_CASE("a UI string that is not text is refused with its line", "[strings]") {
    const auto number = parsePair("a = \"A\"\ntimeout = 30\n", "a = \"A\"\ntimeout = \"30\"\n");
    REQUIRE_FALSE(number);
    CHECK(number.error().file == "vi.toml");
    CHECK(number.error().line == 2);
    CHECK(number.error().column == 11);
    CHECK_THAT(number.error().message, Catch::Contains("'timeout' must be a string"));

    const auto list = parsePair("[idle]\nx = \"X\"\n", "[idle]\nx = [\"X\"]\n");
    REQUIRE_FALSE(list);
    CHECK(list.error().file == "en.toml");
    CHECK(list.error().line == 2);
    CHECK_THAT(list.error().message, Catch::Contains("'idle.x'"));
}

TEST_CASE("a TOML syntax error in a strings file names the file and line", "[strings]") {
    const auto strings = parsePair("a = \"A\"\n", "a = \"A\"\nb = \n");
    REQUIRE_FALSE(strings);
    CHECK(strings.error().file == "en.toml");
    CHECK(strings.error().line == 2);
    CHECK_THAT(strings.error().message, Catch::StartsWith("invalid TOML"));
}

TEST_CASE("a missing key shows as a visible placeholder", "[strings]") {
    const auto strings = parsePair("a = \"A\"\n", "a = \"B\"\n");
    REQUIRE(strings);
    const std::string& first = strings->get("no.such.key", Language::Vi);
    CHECK(first == "⟨no.such.key⟩");
    CHECK(strings->get("no.such.key", Language::En) == "⟨no.such.key⟩");
    // The same stored string each time: references handed to the UI stay valid.
    CHECK(&strings->get("no.such.key", Language::Vi) == &first);
    strings->get("another.key", Language::Vi);
    CHECK(first == "⟨no.such.key⟩");
    CHECK(strings->get("a", Language::En) == "B");
}

TEST_CASE("empty strings files give zero keys", "[strings]") {
    const auto strings = parsePair("", "# nothing yet\n");
    REQUIRE(strings);
    CHECK(strings->size() == 0);
    CHECK(strings->get("idle.title", Language::Vi) == "⟨idle.title⟩");
}

TEST_CASE("the built-in strings load and both languages have the same keys", "[strings]") {
    const Strings* builtIn = nullptr;
    REQUIRE_NOTHROW(builtIn = &Strings::builtIn());
    CHECK(&Strings::builtIn() == builtIn);
    const auto reparsed = Strings::parse(embeddedAsset("lang/vi.toml"), "vi.toml", embeddedAsset("lang/en.toml"),
                                         "en.toml");
    if (!reparsed) FAIL(reparsed.error().toString());
    CHECK(reparsed->size() == builtIn->size());
}

TEST_CASE("built-in assets are found by their path under assets", "[strings]") {
    CHECK_THAT(std::string(embeddedAsset("questionnaires/default.toml")),
               Catch::Contains("format = \"hailong-questionnaire/1\""));
    CHECK(embeddedAsset("questionnaires/nope.toml").empty());
    CHECK(embeddedAsset("").empty());
}
