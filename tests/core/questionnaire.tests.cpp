// The questionnaire format (docs/questionnaire-format.md): the default questionnaire, the
// scales, relabelling, and every kind of refused file with the position it points at.
#include "survey/questionnaire.h"
#include "base/strings.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

using namespace hailong::core;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(HAILONG_TEST_DATA) / "questionnaires";

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t codepoints(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
    return n;
}

std::vector<std::string> optionIds(const Question& question) {
    std::vector<std::string> ids;
    for (const auto& option : question.options) ids.push_back(option.id);
    return ids;
}

// Four header lines, so the first line of `body` is line 5 of the parsed text.
std::string withHeader(const std::string& body) {
    return "format = \"hailong-questionnaire/1\"\n"
           "id = \"inline\"\n"
           "version = 1\n"
           "title = { vi = \"Thử\", en = \"Test\" }\n" +
           body;
}

// A valid first question, lines 5-8 after the header; refused bodies usually add to it.
const std::string kOverall = R"([[question]]
id = "overall"
scale = "three_level"
text = { vi = "Quý khách có hài lòng không?", en = "Are you satisfied?" }
)";

void requireRefusal(const Expected<Questionnaire, LoadError>& result, int line, int column,
                    std::initializer_list<const char*> words) {
    REQUIRE_FALSE(result);
    const LoadError& error = result.error();
    INFO(error.toString());
    CHECK(error.line == line);
    CHECK(error.column == column);
    for (const char* word : words) CHECK_THAT(error.message, Catch::Contains(word));
}

void requireFixtureRefused(const std::string& name, int line, int column, std::initializer_list<const char*> words) {
    const fs::path path = kFixtures / "broken" / name;
    const auto result = loadQuestionnaireFile(path);
    REQUIRE_FALSE(result);
    CHECK(result.error().file == path.string());
    requireRefusal(result, line, column, words);
}

}  // namespace

TEST_CASE("the default questionnaire has the seven questions of Decree 61 in order", "[questionnaire]") {
    const Questionnaire q = defaultQuestionnaire();
    CHECK(q.id == "default");
    CHECK(q.version == 2);  // 2: "not received yet" on the on-time question (issue 14)
    CHECK_FALSE(q.furtherAlways);
    CHECK(q.quickComments.size() == 3);
    CHECK_FALSE(q.title.vi.empty());
    CHECK_FALSE(q.title.en.empty());

    const std::vector<std::pair<std::string, Scale>> expected = {
        {"overall", Scale::ThreeLevel},          {"reasons", Scale::MultiSelect},
        {"times_came_back", Scale::Choice},      {"agencies_contacted", Scale::Choice},
        {"officer_attitude", Scale::ThreeLevel}, {"on_time", Scale::YesNo},
        {"convenience", Scale::ThreeLevel},
    };
    REQUIRE(q.questions.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(q.questions[i].id == expected[i].first);
        CHECK(q.questions[i].scale == expected[i].second);
    }
    CHECK(q.mainQuestion().id == "overall");
    CHECK(q.mainQuestion().showIf.always());
    CHECK(q.mainQuestion().options[2].text.vi == "Không hài lòng");
    CHECK(q.source == embeddedAsset("questionnaires/default.toml"));

    SECTION("reasons are asked only after not satisfied and each maps to an indicator") {
        const Question& reasons = *q.find("reasons");
        CHECK(reasons.showIf.questionId == "overall");
        CHECK(reasons.showIf.anyOf == std::vector<std::string>{"not_satisfied"});
        CHECK(optionIds(reasons) == std::vector<std::string>{"came_back_more_than_once", "several_agencies",
                                                             "officer_attitude", "unclear_guidance", "not_on_time",
                                                             "fees_documents_not_as_posted", "other"});
        for (const auto& option : reasons.options) CHECK_FALSE(option.indicator.empty());
        CHECK(reasons.options[0].indicator == "decree61.times_came_back");
    }
    SECTION("the Decree 61 counts have their official answers") {
        CHECK(optionIds(*q.find("times_came_back")) == std::vector<std::string>{"none", "once", "more_than_once"});
        CHECK(optionIds(*q.find("agencies_contacted")) ==
              std::vector<std::string>{"none", "one_stop_only", "more_than_one"});
    }
    SECTION("every question fits a big font on a 1024x768 screen") {
        for (const auto& question : q.questions) {
            INFO(question.id);
            CHECK(codepoints(question.text.vi) <= 90);
            CHECK(codepoints(question.text.en) <= 90);
            for (const auto& option : question.options) {
                CHECK(codepoints(option.text.vi) <= 50);
                CHECK(codepoints(option.text.en) <= 60);
            }
        }
    }
}

// The exact text of a built-in questionnaire, its comments included, is what a kiosk stores when
// it uses it and what batches carry as the definition: a kiosk refuses the same id and version
// with other text (KioskDatabase::rememberQuestionnaire). So a shipped version's bytes never
// change, not even a comment (a comment about the legal basis included): new text, new version.
TEST_CASE("the text of each shipped built-in questionnaire version is fixed, comments included", "[questionnaire]") {
    const auto fnv1a = [](std::string_view text) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        return h;
    };
    const std::pair<int, std::uint64_t> shipped[] = {{1, 0xc68d9e4b4382852fULL}, {2, 0xe5026d5bde290d48ULL}};
    for (const auto& [version, digest] : shipped) {
        INFO("default version " << version);
        const auto source = builtInQuestionnaireSource("default", version);
        // A later program no longer carries an old version only once no kiosk can hold its answers.
        if (!source) continue;
        CHECK(fnv1a(*source) == digest);
    }
    CHECK(builtInQuestionnaireSource("default", 1).has_value());
}

TEST_CASE("every fixed scale yields its options with built-in labels in display order", "[questionnaire]") {
    const auto result = parseQuestionnaire(withHeader(kOverall + R"(
[[question]]
id = "sipas"
scale = "sipas5"
text = { vi = "SIPAS?", en = "SIPAS?" }

[[question]]
id = "stars"
scale = "star5"
text = { vi = "Sao?", en = "Stars?" }

[[question]]
id = "on_time"
scale = "yes_no"
text = { vi = "Đúng hẹn?", en = "On time?" }
)"),
                                           "scales.toml");
    REQUIRE(result);
    const Questionnaire& q = *result;

    const Question& overall = *q.find("overall");
    CHECK(optionIds(overall) == std::vector<std::string>{"very_satisfied", "satisfied", "not_satisfied"});
    CHECK(overall.options[0].text.vi == "Rất hài lòng");
    CHECK(overall.options[2].text.en == "Not satisfied");

    const Question& sipas = *q.find("sipas");
    CHECK(optionIds(sipas) ==
          std::vector<std::string>{"very_dissatisfied", "dissatisfied", "neutral", "satisfied", "very_satisfied"});
    CHECK(sipas.options[0].text.vi == "Rất không hài lòng");
    CHECK(sipas.options[2].text.vi == "Bình thường");
    CHECK(sipas.options[2].text.en == "Neutral");

    const Question& stars = *q.find("stars");
    CHECK(optionIds(stars) == std::vector<std::string>{"1", "2", "3", "4", "5"});
    CHECK(stars.options[0].text.vi == "1 sao");
    CHECK(stars.options[0].text.en == "1 star");
    CHECK(stars.options[4].text.en == "5 stars");

    const Question& onTime = *q.find("on_time");
    CHECK(optionIds(onTime) == std::vector<std::string>{"yes", "no"});
    CHECK(onTime.options[0].text.vi == "Có");
    CHECK(onTime.options[1].text.en == "No");
}

TEST_CASE("a file may relabel the options of a fixed scale", "[questionnaire]") {
    const auto result = loadQuestionnaireFile(kFixtures / "good" / "all_scales.toml");
    REQUIRE(result);
    const Question& overall = result->mainQuestion();
    CHECK(optionIds(overall) == std::vector<std::string>{"very_satisfied", "satisfied", "not_satisfied"});
    CHECK(overall.options[2].text.vi == "Chưa hài lòng");
    CHECK(overall.options[2].text.en == "Not satisfied");  // not relabelled: built-in label kept

    const Question& sipas = *result->find("sipas");
    CHECK(sipas.options[2].id == "neutral");
    CHECK(sipas.options[2].text.vi == "Bình thường");
    CHECK(sipas.options[2].text.en == "Neither");
    CHECK(sipas.options[2].indicator == "sipas.overall.neutral");
    CHECK(sipas.showIf.anyOf == std::vector<std::string>{"satisfied", "not_satisfied"});
}

TEST_CASE("choice options keep the file order and their indicators", "[questionnaire]") {
    const auto result = loadQuestionnaireFile(kFixtures / "good" / "all_scales.toml");
    REQUIRE(result);
    CHECK(result->id == "all-scales_test");
    CHECK(result->version == 3);
    CHECK(optionIds(*result->find("channel")) == std::vector<std::string>{"friends", "internet"});
    const Question& reasons = *result->find("reasons");
    CHECK(reasons.scale == Scale::MultiSelect);
    CHECK(reasons.options[0].text.en == "Waiting seats");
    CHECK(reasons.options[0].indicator == "sipas.access.seats");
    CHECK(reasons.options[1].indicator.empty());
    CHECK(reasons.line == 57);
    CHECK(result->indexOf("reasons") == 5);
    CHECK(result->indexOf("missing") == -1);
    CHECK(result->find("missing") == nullptr);
}

TEST_CASE("the exact source text is kept with the questionnaire", "[questionnaire]") {
    const fs::path path = kFixtures / "good" / "all_scales.toml";
    const auto fromFile = loadQuestionnaireFile(path);
    REQUIRE(fromFile);
    CHECK(fromFile->source == readAll(path));

    const std::string text = withHeader("# comment kept\r\n" + kOverall);
    const auto fromText = parseQuestionnaire(text, "crlf.toml");
    REQUIRE(fromText);
    CHECK(fromText->source == text);
}

TEST_CASE("a TOML syntax error is refused with its line and column", "[questionnaire]") {
    requireFixtureRefused("syntax_error.toml", 9, 73, {"invalid TOML"});
}

TEST_CASE("an unknown key is refused and named with its question", "[questionnaire]") {
    requireFixtureRefused("unknown_key.toml", 13, 1, {"unknown key 'scael' in question 'convenience'", "scale"});
}

TEST_CASE("a value of the wrong type is refused", "[questionnaire]") {
    requireFixtureRefused("version_not_integer.toml", 3, 11, {"'version' must be an integer"});
}

TEST_CASE("a missing English text is refused and named", "[questionnaire]") {
    requireFixtureRefused("missing_english_text.toml", 16, 3, {"question 'reasons' has no English text (text.en)"});
}

TEST_CASE("a duplicate question id is refused at the second one", "[questionnaire]") {
    requireFixtureRefused("duplicate_question_id.toml", 13, 6, {"duplicate question id 'overall'", "line 6"});
}

TEST_CASE("a duplicate option id is refused at the second one", "[questionnaire]") {
    requireFixtureRefused("duplicate_option_id.toml", 27, 8, {"duplicate option id 'other'", "'channel'", "line 16"});
}

TEST_CASE("an unknown scale is refused with the list of valid scales", "[questionnaire]") {
    requireFixtureRefused("unknown_scale.toml", 8, 9,
                          {"unknown scale 'five_star'", "three_level, sipas5, star5, yes_no, choice, multi_select"});
}

TEST_CASE("show_if may only refer to an earlier question", "[questionnaire]") {
    requireFixtureRefused("show_if_later_question.toml", 14, 24, {"'on_time'", "comes later", "earlier question"});
}

TEST_CASE("show_if values must be options of the question they refer to", "[questionnaire]") {
    requireFixtureRefused("show_if_unknown_value.toml", 14, 45,
                          {"'unhappy' is not an option of question 'overall'", "not_satisfied"});
}

TEST_CASE("a questionnaire without questions is refused", "[questionnaire]") {
    requireFixtureRefused("no_questions.toml", 1, 1, {"no questions"});
    requireRefusal(parseQuestionnaire(withHeader("question = []\n"), "empty.toml"), 5, 12, {"no questions"});
    requireRefusal(parseQuestionnaire("", "blank.toml"), 1, 1, {"missing 'format'"});
}

TEST_CASE("another format version is refused clearly", "[questionnaire]") {
    requireFixtureRefused("wrong_format.toml", 1, 10,
                          {"unsupported format 'hailong-questionnaire/2'", "hailong-questionnaire/1"});
}

TEST_CASE("the main question needs a one-tap scale and is always asked", "[questionnaire]") {
    requireFixtureRefused("main_question_multi_select.toml", 8, 9, {"first question", "multi_select"});
    requireRefusal(parseQuestionnaire(withHeader(R"([[question]]
id = "overall"
scale = "yes_no"
show_if = { question = "overall", any_of = ["yes"] }
text = { vi = "Có?", en = "Yes?" }
)"),
                                      "t.toml"),
                   8, 11, {"first question", "cannot have show_if"});
}

TEST_CASE("a choice question needs at least two options", "[questionnaire]") {
    requireFixtureRefused("choice_with_one_option.toml", 16, 3, {"'channel'", "at least 2 options"});
    requireRefusal(parseQuestionnaire(withHeader(kOverall + R"(
[[question]]
id = "channel"
scale = "multi_select"
text = { vi = "Kênh?", en = "Channel?" }
)"),
                                      "t.toml"),
                   10, 1, {"'channel'", "multi_select", "at least 2 options"});
}

TEST_CASE("relabelled options must belong to the scale", "[questionnaire]") {
    requireFixtureRefused("relabel_unknown_option.toml", 13, 8,
                          {"'unhappy' is not an option of scale three_level", "not_satisfied"});
}

TEST_CASE("Vietnamese typed with combining accents is refused", "[questionnaire]") {
    requireFixtureRefused("decomposed_accents.toml", 9, 15, {"text.vi", "combining accents", "NFC"});
}

TEST_CASE("an unreadable file is refused with the system's reason", "[questionnaire]") {
    const fs::path missing = kFixtures / "no_such_file.toml";
    const auto result = loadQuestionnaireFile(missing);
    REQUIRE_FALSE(result);
    CHECK(result.error().file == missing.string());
    CHECK(result.error().line == 0);
    CHECK(result.error().message == "cannot read file: No such file or directory");
    CHECK(result.error().toString() == missing.string() + ": cannot read file: No such file or directory");

    const auto directory = loadQuestionnaireFile(kFixtures);
    REQUIRE_FALSE(directory);
    CHECK_THAT(directory.error().message, Catch::StartsWith("cannot read file: "));
}

TEST_CASE("smaller mistakes are refused at the offending node", "[questionnaire]") {
    auto parse = [](const std::string& body) { return parseQuestionnaire(withHeader(body), "t.toml"); };

    SECTION("ids use only lowercase letters, digits and underscores") {
        requireRefusal(parse(R"([[question]]
id = "Overall"
)"),
                       6, 6, {"'id' of question 'Overall'", "a-z, 0-9, '_'"});
        requireRefusal(parseQuestionnaire("format = \"hailong-questionnaire/1\"\nid = \"bad id\"\n", "t.toml"), 2, 6,
                       {"'id' of the questionnaire"});
    }
    SECTION("a version must be positive") {
        requireRefusal(parseQuestionnaire("format = \"hailong-questionnaire/1\"\nid = \"x\"\nversion = 0\n", "t.toml"),
                       3, 11, {"positive integer", "got 0"});
    }
    SECTION("a missing key is reported at its table") {
        requireRefusal(parse(R"([[question]]
id = "overall"
text = { vi = "Có?", en = "Yes?" }
)"),
                       5, 1, {"question 'overall' has no 'scale'", "three_level"});
        requireRefusal(parse(R"([[question]]
scale = "yes_no"
)"),
                       5, 1, {"question #1 has no 'id'"});
        requireRefusal(parseQuestionnaire("format = \"hailong-questionnaire/1\"\nid = \"x\"\nversion = 1\n", "t.toml"),
                       1, 1, {"missing [title]"});
    }
    SECTION("a blank or missing translation is refused") {
        requireRefusal(parseQuestionnaire("format = \"hailong-questionnaire/1\"\nid = \"x\"\nversion = 1\n"
                                          "title = { vi = \"Thử\" }\n",
                                          "t.toml"),
                       4, 9, {"no English title (title.en)"});
        requireRefusal(parse(R"([[question]]
id = "overall"
scale = "yes_no"
text.vi = "   "
text.en = "Yes?"
)"),
                       8, 11, {"question 'overall' has an empty Vietnamese text (text.vi)"});
        requireRefusal(parse(kOverall + R"(
[[question]]
id = "channel"
scale = "choice"
text = { vi = "Kênh?", en = "Channel?" }
option = [{ id = "a", vi = "A" }, { id = "b", vi = "B", en = "B" }]
)"),
                       14, 11, {"option 'a' of question 'channel' has no English label (en)"});
    }
    SECTION("unknown keys are refused in every table") {
        requireRefusal(parse("colour = \"red\"\n" + kOverall), 5, 1, {"unknown key 'colour' at the top level"});
        requireRefusal(parse(R"([[question]]
id = "overall"
scale = "yes_no"
text = { vi = "Có?", en = "Yes?", fr = "Oui?" }
)"),
                       8, 35, {"unknown key 'fr' in text of question 'overall'", "vi, en"});
        requireRefusal(parse(R"([[question]]
id = "overall"
scale = "yes_no"
text = { vi = "Có?", en = "Yes?" }
  [[question.option]]
  id = "yes"
  label = "Vâng"
)"),
                       11, 3, {"unknown key 'label' in option 'yes' of question 'overall'"});
        requireRefusal(parse(kOverall + R"([[question]]
id = "more"
scale = "yes_no"
show_if = { question = "overall", equals = "satisfied" }
text = { vi = "Có?", en = "Yes?" }
)"),
                       12, 35, {"unknown key 'equals' in show_if of question 'more'", "any_of"});
    }
    SECTION("show_if to an unknown question or to itself is refused") {
        requireRefusal(parse(kOverall + R"([[question]]
id = "more"
scale = "yes_no"
show_if = { question = "overal", any_of = ["satisfied"] }
text = { vi = "Có?", en = "Yes?" }
)"),
                       12, 24, {"refers to unknown question 'overal'"});
        requireRefusal(parse(kOverall + R"([[question]]
id = "more"
scale = "yes_no"
show_if = { question = "more", any_of = ["yes"] }
text = { vi = "Có?", en = "Yes?" }
)"),
                       12, 24, {"the question itself"});
        requireRefusal(parse(kOverall + R"([[question]]
id = "more"
scale = "yes_no"
show_if = { question = "overall", any_of = ["satisfied", 3] }
text = { vi = "Có?", en = "Yes?" }
)"),
                       12, 58, {"'any_of'", "strings"});
    }
    SECTION("a text too long for the screen is refused") {
        requireRefusal(parse("[[question]]\nid = \"overall\"\nscale = \"yes_no\"\ntext = { vi = \"" +
                             std::string(201, 'a') + "\", en = \"Yes?\" }\n"),
                       8, 15, {"too long", "at most 200"});
    }
    SECTION("a relabel entry that changes nothing is refused") {
        requireRefusal(parse(kOverall + "  [[question.option]]\n  id = \"satisfied\"\n"), 9, 3, {"changes nothing"});
    }
    SECTION("a single table instead of an array of tables is refused") {
        requireRefusal(parse("[question]\nid = \"overall\"\n"), 5, 1, {"[[question]]", "double brackets"});
    }
}

TEST_CASE("every good fixture loads and every broken fixture is refused", "[questionnaire]") {
    for (const auto& entry : fs::directory_iterator(kFixtures / "good")) {
        INFO(entry.path().string());
        const auto result = loadQuestionnaireFile(entry.path());
        CHECK(result.hasValue());
        if (!result) FAIL(result.error().toString());
    }
    std::size_t broken = 0;
    for (const auto& entry : fs::directory_iterator(kFixtures / "broken")) {
        INFO(entry.path().string());
        CHECK_FALSE(loadQuestionnaireFile(entry.path()).hasValue());
        ++broken;
    }
    CHECK(broken >= 15);
}

TEST_CASE("the complete example in the format documentation is a valid questionnaire", "[questionnaire]") {
    const fs::path doc = fs::path(HAILONG_TEST_DATA) / ".." / ".." / "docs" / "questionnaire-format.md";
    const std::string text = readAll(doc);
    REQUIRE_FALSE(text.empty());
    const std::string fence = "```toml\n";
    const auto begin = text.find(fence);
    REQUIRE(begin != std::string::npos);
    const auto end = text.find("```", begin + fence.size());
    REQUIRE(end != std::string::npos);
    const auto result = parseQuestionnaire(text.substr(begin + fence.size(), end - begin - fence.size()), "doc");
    if (!result) FAIL(result.error().toString());
    CHECK(result->questions.size() >= 3);
}

TEST_CASE("errors print as file, line, column and message", "[questionnaire]") {
    CHECK(LoadError{"a.toml", 3, 7, "wrong"}.toString() == "a.toml:3:7: wrong");
    CHECK(LoadError{"a.toml", 3, 0, "wrong"}.toString() == "a.toml:3: wrong");
    CHECK(LoadError{"a.toml", 0, 0, "wrong"}.toString() == "a.toml: wrong");
}

TEST_CASE("scale and language names convert both ways", "[questionnaire]") {
    for (Scale scale :
         {Scale::ThreeLevel, Scale::Sipas5, Scale::Star5, Scale::YesNo, Scale::Choice, Scale::MultiSelect})
        CHECK(scaleFromName(scaleName(scale)) == scale);
    CHECK(scaleName(Scale::ThreeLevel) == "three_level");
    CHECK(scaleName(Scale::MultiSelect) == "multi_select");
    CHECK_FALSE(scaleFromName("five_star").has_value());
    CHECK(scaleHasFixedOptions(Scale::Star5));
    CHECK_FALSE(scaleHasFixedOptions(Scale::Choice));
    CHECK(languageCode(Language::Vi) == "vi");
    CHECK(languageFromCode("en") == Language::En);
    CHECK_FALSE(languageFromCode("fr").has_value());
}
