// The questionnaire model and its TOML file format (docs/questionnaire-format.md).
//
// [SECTION] Scales
// [SECTION] Model lookups
// [SECTION] Validator: TOML tree -> Questionnaire, or the first mistake with its position
// [SECTION] Entry points: parse, load from file, built-in default
//
// TOML was chosen because toml++ keeps a source line/column for every key and value, so
// an administrator's mistake is reported as "file:line:col: what is wrong" (SPEC 9).
#include "survey/questionnaire.h"

#include "base/strings.h"  // embeddedAsset()

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace hailong::core {

// [SECTION] Scales ---------------------------------------------------------

namespace {

struct ScaleInfo {
    Scale scale;
    std::string_view name;
};
// Order is the order listed in messages ("valid scales are ...").
constexpr ScaleInfo kScales[] = {
    {Scale::ThreeLevel, "three_level"}, {Scale::Sipas5, "sipas5"}, {Scale::Star5, "star5"},
    {Scale::YesNo, "yes_no"},           {Scale::Choice, "choice"}, {Scale::MultiSelect, "multi_select"},
};

struct BuiltInOption {
    std::string_view id;
    std::string_view vi;
    std::string_view en;
};
// Display order, as on the official forms: best first for the counter scale (SPEC 2),
// worst first for SIPAS, as its questionnaires print it.
constexpr BuiltInOption kThreeLevel[] = {
    {"very_satisfied", "Rất hài lòng", "Very satisfied"},
    {"satisfied", "Hài lòng", "Satisfied"},
    {"not_satisfied", "Không hài lòng", "Not satisfied"},
};
constexpr BuiltInOption kSipas5[] = {
    {"very_dissatisfied", "Rất không hài lòng", "Very dissatisfied"},
    {"dissatisfied", "Không hài lòng", "Dissatisfied"},
    {"neutral", "Bình thường", "Neutral"},
    {"satisfied", "Hài lòng", "Satisfied"},
    {"very_satisfied", "Rất hài lòng", "Very satisfied"},
};
constexpr BuiltInOption kStar5[] = {
    {"1", "1 sao", "1 star"},  {"2", "2 sao", "2 stars"}, {"3", "3 sao", "3 stars"},
    {"4", "4 sao", "4 stars"}, {"5", "5 sao", "5 stars"},
};
constexpr BuiltInOption kYesNo[] = {
    {"yes", "Có", "Yes"},
    {"no", "Không", "No"},
};
// The one option a yes_no question may add: the answer is not known yet (the result of the
// procedure has not been returned). Headquarters shows it apart from the yes share.
constexpr BuiltInOption kYesNoNotYet{"not_yet", "Chưa nhận kết quả", "Result not received yet"};

std::vector<Option> fixedOptions(Scale scale) {
    const BuiltInOption* begin = nullptr;
    const BuiltInOption* end = nullptr;
    switch (scale) {
    case Scale::ThreeLevel:
        begin = std::begin(kThreeLevel);
        end = std::end(kThreeLevel);
        break;
    case Scale::Sipas5:
        begin = std::begin(kSipas5);
        end = std::end(kSipas5);
        break;
    case Scale::Star5:
        begin = std::begin(kStar5);
        end = std::end(kStar5);
        break;
    case Scale::YesNo:
        begin = std::begin(kYesNo);
        end = std::end(kYesNo);
        break;
    case Scale::Choice:
    case Scale::MultiSelect: break;
    }
    std::vector<Option> options;
    for (auto it = begin; it != end; ++it)
        options.push_back(Option{std::string(it->id), Text{std::string(it->vi), std::string(it->en)}, {}});
    return options;
}

}  // namespace

std::string_view scaleName(Scale scale) {
    for (const auto& info : kScales)
        if (info.scale == scale) return info.name;
    return "unknown";
}

std::optional<Scale> scaleFromName(std::string_view name) {
    for (const auto& info : kScales)
        if (info.name == name) return info.scale;
    return std::nullopt;
}

bool scaleHasFixedOptions(Scale scale) { return scale != Scale::Choice && scale != Scale::MultiSelect; }

// [SECTION] Model lookups ----------------------------------------------------

const Question* Questionnaire::find(std::string_view questionId) const {
    const int index = indexOf(questionId);
    return index < 0 ? nullptr : &questions[static_cast<std::size_t>(index)];
}

int Questionnaire::indexOf(std::string_view questionId) const {
    for (std::size_t i = 0; i < questions.size(); ++i)
        if (questions[i].id == questionId) return static_cast<int>(i);
    return -1;
}

// [SECTION] Validator ----------------------------------------------------------------------

namespace {

constexpr std::string_view kFormat = "hailong-questionnaire/1";
// Limits keep a valid file displayable: every option of a question fits one touch screen
// at 1024x768 with ~15 mm buttons, and a question fits in a few lines of large text.
constexpr std::size_t kMaxQuestions = 30;
constexpr std::size_t kMaxOptions = 12;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxTitleLength = 120;
constexpr std::size_t kMaxQuestionLength = 200;
constexpr std::size_t kMaxOptionLength = 100;
constexpr std::size_t kMaxQuickComments = 8;
constexpr std::size_t kMaxQuickCommentLength = 32;  // two lines of a button beside the keyboard

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::size_t codepoints(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// Combining accents U+0300..U+036F are UTF-8 0xCC 0x80.. to 0xCD 0xAF. Vietnamese typed as
// "Unicode tổ hợp" (an option of Unikey/EVKey) uses them; the kiosk font renders only
// precomposed letters, so such text would show broken accents at the counter.
bool hasCombiningAccent(std::string_view s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const auto next = static_cast<unsigned char>(s[i + 1]);
        if (lead == 0xCC && next >= 0x80 && next <= 0xBF) return true;
        if (lead == 0xCD && next >= 0x80 && next <= 0xAF) return true;
    }
    return false;
}

bool isIdChar(char c, bool allowDash, bool allowDot) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allowDash && c == '-') ||
           (allowDot && c == '.');
}

bool isValidId(std::string_view s, bool allowDash, bool allowDot = false) {
    return !s.empty() && s.size() <= kMaxIdLength &&
           std::all_of(s.begin(), s.end(), [&](char c) { return isIdChar(c, allowDash, allowDot); });
}

bool isBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

/// Thrown only inside this file and caught by parseQuestionnaire(): the first mistake ends
/// validation, and unwinding is the plainest way out of the nested tables.
struct Refusal {
    LoadError error;
};

class Validator {
public:
    explicit Validator(const std::string& fileName) : m_file(fileName) {}

    Questionnaire run(const toml::table& root) {
        Questionnaire q;
        checkFormat(root);
        checkKeys(root, {"format", "id", "version", "title", "further_questions", "quick_comment", "question"},
                  "at the top level");
        q.id = readId(root, "id", fileStart(), "the questionnaire", true);
        q.version = readVersion(root);
        const toml::node* title = root.get("title");
        if (!title) refuseAt(fileStart(), "missing [title] with vi and en (the questionnaire's name)");
        q.title = readText(*title, "the questionnaire", "title", "title.", kMaxTitleLength, true);
        readQuestions(root, q);
        q.furtherAlways = readFurtherQuestions(root);
        readQuickComments(root, q);
        return q;
    }

private:
    /// Where a missing top-level key is reported: the file as a whole, from its first line.
    static toml::source_region fileStart() {
        toml::source_region region;
        region.begin = toml::source_position{1, 1};
        return region;
    }

    [[noreturn]] void refuseAt(const toml::source_region& at, std::string message) const {
        throw Refusal{
            LoadError{m_file, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), std::move(message)}};
    }

    /// Refuses the earliest key (in file order) of `table` that is not in `allowed`.
    void checkKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                   const std::string& where) const {
        const toml::key* first = nullptr;
        for (auto&& [key, value] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
            if (!first || key.source().begin < first->source().begin) first = &key;
        }
        if (!first) return;
        std::vector<std::string> names(allowed.begin(), allowed.end());
        refuseAt(first->source(),
                 "unknown key " + inQuotes(first->str()) + " " + where + " (allowed: " + joined(names) + ")");
    }

    void checkFormat(const toml::table& root) const {
        const toml::node* format = root.get("format");
        if (!format)
            refuseAt(fileStart(),
                     "missing 'format': a questionnaire starts with format = \"" + std::string(kFormat) + "\"");
        const auto* value = format->as_string();
        if (!value) refuseAt(format->source(), "'format' must be a string: \"" + std::string(kFormat) + "\"");
        if (value->get() != kFormat)
            refuseAt(format->source(), "unsupported format " + inQuotes(value->get()) + ": this kiosk reads \"" +
                                           std::string(kFormat) + "\"");
    }

    /// A required string id; `owner` names the table in messages.
    std::string readId(const toml::table& table, std::string_view key, const toml::source_region& ownerAt,
                       const std::string& owner, bool allowDash) const {
        const toml::node* node = table.get(key);
        if (!node) refuseAt(ownerAt, owner + " has no " + inQuotes(key));
        const auto* value = node->as_string();
        if (!value) refuseAt(node->source(), inQuotes(key) + " of " + owner + " must be a string");
        const std::string& id = value->get();
        if (!isValidId(id, allowDash))
            refuseAt(node->source(), inQuotes(key) + " of " + owner + " must be 1 to " + std::to_string(kMaxIdLength) +
                                         " characters among a-z, 0-9, '_'" + (allowDash ? ", '-'" : "") + " (got " +
                                         inQuotes(id) + ")");
        return id;
    }

    int readVersion(const toml::table& root) const {
        const toml::node* node = root.get("version");
        if (!node) refuseAt(fileStart(), "missing 'version' (a positive integer, e.g. version = 1)");
        const auto* value = node->as_integer();
        if (!value) refuseAt(node->source(), "'version' must be an integer");
        const std::int64_t version = value->get();
        if (version <= 0 || version > std::numeric_limits<int>::max())
            refuseAt(node->source(), "'version' must be a positive integer (got " + std::to_string(version) + ")");
        return static_cast<int>(version);
    }

    /// One label of a Text. Missing or empty is refused unless `required` is false.
    std::optional<std::string> readLabel(const toml::table& table, std::string_view lang, const std::string& owner,
                                         std::string_view noun, const std::string& keyPrefix, std::size_t maxLength,
                                         bool required) const {
        const std::string language = lang == "vi" ? "Vietnamese" : "English";
        const std::string keyPath = keyPrefix + std::string(lang);
        const toml::node* node = table.get(lang);
        if (!node) {
            if (!required) return std::nullopt;
            refuseAt(table.source(), owner + " has no " + language + " " + std::string(noun) + " (" + keyPath + ")");
        }
        const auto* value = node->as_string();
        if (!value) refuseAt(node->source(), inQuotes(keyPath) + " of " + owner + " must be a string");
        const std::string& text = value->get();
        if (isBlank(text))
            refuseAt(node->source(),
                     owner + " has an empty " + language + " " + std::string(noun) + " (" + keyPath + ")");
        if (codepoints(text) > maxLength)
            refuseAt(node->source(), inQuotes(keyPath) + " of " + owner + " is too long for the screen (" +
                                         std::to_string(codepoints(text)) + " characters, at most " +
                                         std::to_string(maxLength) + ")");
        if (hasCombiningAccent(text))
            refuseAt(node->source(), inQuotes(keyPath) + " of " + owner +
                                         " uses combining accents (\"Unicode tổ hợp\"): save it as precomposed "
                                         "Unicode (NFC, \"Unicode dựng sẵn\")");
        return text;
    }

    Text readText(const toml::node& node, const std::string& owner, std::string_view noun, const std::string& keyPrefix,
                  std::size_t maxLength, bool required) const {
        const auto* table = node.as_table();
        if (!table)
            refuseAt(node.source(), inQuotes(keyPrefix.substr(0, keyPrefix.size() - 1)) + " of " + owner +
                                        " must be a table with vi and en, e.g. { vi = \"...\", en = \"...\" }");
        checkKeys(*table, {"vi", "en"}, "in " + std::string(noun) + " of " + owner);
        Text text;
        text.vi = readLabel(*table, "vi", owner, noun, keyPrefix, maxLength, required).value_or("");
        text.en = readLabel(*table, "en", owner, noun, keyPrefix, maxLength, required).value_or("");
        return text;
    }

    /// further_questions = "offer" (the default) | "always".
    bool readFurtherQuestions(const toml::table& root) const {
        const toml::node* node = root.get("further_questions");
        if (!node) return false;
        const auto* value = node->as_string();
        if (!value || (value->get() != "offer" && value->get() != "always"))
            refuseAt(node->source(), "'further_questions' must be \"offer\" (asked only when the citizen "
                                     "takes the offer on the thank-you screen) or \"always\"");
        return value->get() == "always";
    }

    void readQuickComments(const toml::table& root, Questionnaire& q) const {
        const toml::node* node = root.get("quick_comment");
        if (!node) return;
        const auto* array = node->as_array();
        if (!array || !array->is_array_of_tables())
            refuseAt(node->source(), "'quick_comment' must be a list of [[quick_comment]] tables with vi and en");
        if (array->size() > kMaxQuickComments)
            refuseAt((*array)[kMaxQuickComments].source(), "too many quick comments (" + std::to_string(array->size()) +
                                                               ", at most " + std::to_string(kMaxQuickComments) + ")");
        for (std::size_t i = 0; i < array->size(); ++i)
            q.quickComments.push_back(readText((*array)[i], "quick comment #" + std::to_string(i + 1), "text",
                                               "quick_comment.", kMaxQuickCommentLength, true));
    }

    void readQuestions(const toml::table& root, Questionnaire& q) {
        const toml::node* node = root.get("question");
        const auto* array = node ? node->as_array() : nullptr;
        if (!node || (array && array->empty()))
            refuseAt(node ? node->source() : fileStart(),
                     "the questionnaire has no questions: add at least one [[question]] table");
        if (!array || !array->is_array_of_tables())
            refuseAt(node->source(), "'question' must be a list of [[question]] tables (double brackets)");
        if (array->size() > kMaxQuestions)
            refuseAt((*array)[kMaxQuestions].source(), "too many questions (" + std::to_string(array->size()) +
                                                           ", at most " + std::to_string(kMaxQuestions) + ")");
        // Every id that appears, even in a question not yet validated, so that show_if can
        // tell "a later question" from "no such question".
        for (std::size_t i = 0; i < array->size(); ++i)
            if (const auto* id = (*array)[i].as_table()->get_as<std::string>("id")) m_allIds.emplace(id->get(), i);
        for (std::size_t i = 0; i < array->size(); ++i)
            q.questions.push_back(readQuestion(*(*array)[i].as_table(), i, q));
    }

    Question readQuestion(const toml::table& table, std::size_t index, const Questionnaire& q) const {
        const auto* rawId = table.get_as<std::string>("id");
        const std::string name = rawId ? "question " + inQuotes(rawId->get())
                                       : "question #" + std::to_string(index + 1);
        checkKeys(table, {"id", "scale", "text", "show_if", "option"}, "in " + name);

        Question question;
        question.line = static_cast<int>(table.source().begin.line);
        question.id = readId(table, "id", table.source(), name, false);
        if (const Question* first = q.find(question.id))
            refuseAt(table.get("id")->source(), "duplicate question id " + inQuotes(question.id) +
                                                    " (already used at line " + std::to_string(first->line) + ")");

        question.scale = readScale(table, name);
        if (index == 0 && !scaleHasFixedOptions(question.scale))
            refuseAt(table.get("scale")->source(),
                     "the first question " + inQuotes(question.id) +
                         " is the main question, answered with one tap: its scale must be three_level, sipas5, "
                         "star5 or yes_no (not " +
                         std::string(scaleName(question.scale)) + ")");

        const toml::node* text = table.get("text");
        if (!text) refuseAt(table.source(), name + " has no text: add text.vi and text.en");
        question.text = readText(*text, name, "text", "text.", kMaxQuestionLength, true);

        question.options = readOptions(table, question.scale, name);

        if (const toml::node* showIf = table.get("show_if")) {
            if (index == 0)
                refuseAt(showIf->source(), "the first question " + inQuotes(question.id) +
                                               " is the main question and is always asked: it cannot have show_if");
            question.showIf = readCondition(*showIf, index, name, q);
        }
        return question;
    }

    Scale readScale(const toml::table& table, const std::string& name) const {
        std::vector<std::string> names;
        for (const auto& info : kScales) names.emplace_back(info.name);
        const toml::node* node = table.get("scale");
        if (!node) refuseAt(table.source(), name + " has no 'scale' (one of " + joined(names) + ")");
        const auto* value = node->as_string();
        if (!value) refuseAt(node->source(), "'scale' of " + name + " must be a string");
        const auto scale = scaleFromName(value->get());
        if (!scale)
            refuseAt(node->source(),
                     "unknown scale " + inQuotes(value->get()) + " in " + name + ": valid scales are " + joined(names));
        return *scale;
    }

    std::vector<Option> readOptions(const toml::table& table, Scale scale, const std::string& name) const {
        const bool fixed = scaleHasFixedOptions(scale);
        std::vector<Option> options = fixed ? fixedOptions(scale) : std::vector<Option>{};
        const toml::node* node = table.get("option");
        const auto* array = node ? node->as_array() : nullptr;
        if (array && array->empty()) array = nullptr;  // "option = []": as if absent
        else if (node && (!array || !array->is_array_of_tables()))
            refuseAt(node->source(), "'option' of " + name + " must be a list of [[question.option]] tables");
        if (!fixed && (!array || array->size() < 2))
            refuseAt(node ? node->source() : table.source(),
                     name + " (scale " + std::string(scaleName(scale)) +
                         ") needs at least 2 options: add [[question.option]] tables with id, vi and en");
        if (!array) return options;
        if (array->size() > kMaxOptions)
            refuseAt((*array)[kMaxOptions].source(), name + " has too many options (" + std::to_string(array->size()) +
                                                         ", at most " + std::to_string(kMaxOptions) + ")");

        std::map<std::string, int> seenAt;  // option id -> line, for duplicate messages
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto& entry = *(*array)[i].as_table();
            const auto* rawId = entry.get_as<std::string>("id");
            const std::string optionName = (rawId ? "option " + inQuotes(rawId->get())
                                                  : "option #" + std::to_string(i + 1)) +
                                           " of " + name;
            checkKeys(entry, {"id", "vi", "en", "indicator"}, "in " + optionName);
            Option option;
            option.id = readId(entry, "id", entry.source(), optionName, false);
            const toml::node* idNode = entry.get("id");
            if (const auto seen = seenAt.find(option.id); seen != seenAt.end())
                refuseAt(idNode->source(), "duplicate option id " + inQuotes(option.id) + " in " + name +
                                               " (already used at line " + std::to_string(seen->second) + ")");
            seenAt.emplace(option.id, static_cast<int>(entry.source().begin.line));
            // A fixed-scale entry only relabels: either language may be left to the built-in label.
            option.text.vi = readLabel(entry, "vi", optionName, "label", "", kMaxOptionLength, !fixed).value_or("");
            option.text.en = readLabel(entry, "en", optionName, "label", "", kMaxOptionLength, !fixed).value_or("");
            if (const toml::node* indicator = entry.get("indicator")) {
                const auto* value = indicator->as_string();
                if (!value || !isValidId(value->get(), true, true))
                    refuseAt(indicator->source(), "'indicator' of " + optionName +
                                                      " must be a string of a-z, 0-9, '_', '-' and '.'"
                                                      " (e.g. \"decree61.on_time\")");
                option.indicator = value->get();
            }
            if (!fixed) {
                options.push_back(std::move(option));
                continue;
            }
            auto builtIn = std::find_if(options.begin(), options.end(),
                                        [&](const Option& o) { return o.id == option.id; });
            if (builtIn == options.end() && scale == Scale::YesNo && option.id == kYesNoNotYet.id) {
                options.push_back(Option{std::string(kYesNoNotYet.id),
                                         Text{std::string(kYesNoNotYet.vi), std::string(kYesNoNotYet.en)},
                                         {}});
                builtIn = options.end() - 1;
                if (option.text.vi.empty() && option.text.en.empty() && option.indicator.empty()) continue;
            }
            if (builtIn == options.end()) {
                std::vector<std::string> ids;
                for (const auto& o : options) ids.push_back(o.id);
                if (scale == Scale::YesNo && ids.size() == 2)
                    ids.push_back(std::string(kYesNoNotYet.id) + " (an added answer)");
                refuseAt(idNode->source(), inQuotes(option.id) + " is not an option of scale " +
                                               std::string(scaleName(scale)) + " in " + name + ": valid ids are " +
                                               joined(ids));
            }
            if (option.text.vi.empty() && option.text.en.empty() && option.indicator.empty())
                refuseAt(entry.source(), optionName + " changes nothing: give vi and/or en to relabel it");
            if (!option.text.vi.empty()) builtIn->text.vi = option.text.vi;
            if (!option.text.en.empty()) builtIn->text.en = option.text.en;
            if (!option.indicator.empty()) builtIn->indicator = option.indicator;
        }
        return options;
    }

    Condition readCondition(const toml::node& node, std::size_t index, const std::string& name,
                            const Questionnaire& q) const {
        const std::string where = "show_if of " + name;
        const auto* table = node.as_table();
        if (!table)
            refuseAt(node.source(),
                     inQuotes("show_if") + " of " + name +
                         " must be a table like { question = \"overall\", any_of = [\"not_satisfied\"] }");
        checkKeys(*table, {"question", "any_of"}, "in " + where);

        const toml::node* target = table->get("question");
        if (!target) refuseAt(table->source(), where + " has no 'question' (the id of an earlier question)");
        const auto* targetId = target->as_string();
        if (!targetId) refuseAt(target->source(), "'question' in " + where + " must be a string");
        const std::string& id = targetId->get();
        const Question* earlier = q.find(id);
        if (!earlier) {
            const auto later = m_allIds.find(id);
            if (later == m_allIds.end())
                refuseAt(target->source(), where + " refers to unknown question " + inQuotes(id));
            refuseAt(target->source(),
                     where + " refers to question " + inQuotes(id) +
                         (later->second == index ? ", which is the question itself" : ", which comes later") +
                         ": a question can only depend on an earlier question");
        }

        std::vector<std::string> valid;
        for (const auto& o : earlier->options) valid.push_back(o.id);
        const toml::node* anyOf = table->get("any_of");
        if (!anyOf)
            refuseAt(table->source(),
                     where + " has no 'any_of' (a list of option ids of question " + inQuotes(id) + ")");
        const auto* values = anyOf->as_array();
        // Not array::is_homogeneous(type, first_nonmatch): toml++ 3.3 declares it [[gnu::pure]],
        // so the compiler may assume the out-parameter is never written.
        if (values)
            for (const auto& element : *values)
                if (!element.is_string())
                    refuseAt(element.source(), "'any_of' in " + where + " must list option ids as strings");
        if (!values || values->empty())
            refuseAt(anyOf->source(), "'any_of' in " + where + " must be a non-empty list of option ids of question " +
                                          inQuotes(id) + " (" + joined(valid) + ")");
        Condition condition;
        condition.questionId = id;
        for (const auto& element : *values) {
            const std::string& value = element.as_string()->get();
            if (std::find(valid.begin(), valid.end(), value) == valid.end())
                refuseAt(element.source(), where + ": " + inQuotes(value) + " is not an option of question " +
                                               inQuotes(id) + " (valid: " + joined(valid) + ")");
            if (std::find(condition.anyOf.begin(), condition.anyOf.end(), value) != condition.anyOf.end())
                refuseAt(element.source(), where + " lists " + inQuotes(value) + " twice");
            condition.anyOf.push_back(value);
        }
        return condition;
    }

    const std::string& m_file;
    std::map<std::string, std::size_t, std::less<>> m_allIds;  // id -> index, from the raw tree
};

}  // namespace

// [SECTION] Entry points -------------------------------------------------------------------

Expected<Questionnaire, LoadError> parseQuestionnaire(std::string_view source, const std::string& fileName) {
    toml::table root;
    try {
        root = toml::parse(source, std::string_view(fileName));
    } catch (const toml::parse_error& e) {
        return unexpected(LoadError{fileName, static_cast<int>(e.source().begin.line),
                                    static_cast<int>(e.source().begin.column),
                                    "invalid TOML: " + std::string(e.description())});
    }
    try {
        Questionnaire q = Validator(fileName).run(root);
        q.source = std::string(source);
        return q;
    } catch (Refusal& refusal) {
        return unexpected(std::move(refusal.error));
    }
}

Expected<Questionnaire, LoadError> loadQuestionnaireFile(const std::filesystem::path& path) {
    // A questionnaire is a few kilobytes; the cap keeps a wrong or crafted file (a disk
    // image picked by mistake) from being read into memory whole.
    constexpr std::size_t kMaxFileSize = 1024 * 1024;
    const std::string name = path.string();
    auto fail = [&](const std::string& why) { return unexpected(LoadError{name, 0, 0, why}); };

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(name.c_str(), "rb"), &std::fclose);
    if (!file) return fail("cannot read file: " + std::generic_category().message(errno));
    std::string text;
    char buffer[16 * 1024];
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, n);
        if (text.size() > kMaxFileSize)
            return fail("file is too large for a questionnaire (more than " + std::to_string(kMaxFileSize) + " bytes)");
        if (n < sizeof buffer) break;
    }
    // fread() on a directory opens fine and then fails with EISDIR.
    if (std::ferror(file.get())) return fail("cannot read file: " + std::generic_category().message(errno));
    return parseQuestionnaire(text, name);
}

namespace {
// Earlier versions of the built-in questionnaire, exactly as they were shipped.
constexpr std::string_view kEarlierBuiltIns[] = {"questionnaires/earlier/default-v1.toml"};
}  // namespace

std::optional<std::string> builtInQuestionnaireSource(std::string_view id, int version) {
    const Questionnaire current = defaultQuestionnaire();
    if (id == current.id && version == current.version) return current.source;
    for (std::string_view name : kEarlierBuiltIns) {
        auto earlier = parseQuestionnaire(embeddedAsset(name), "<built-in>/" + std::string(name));
        if (earlier && earlier->id == id && earlier->version == version) return earlier->source;
    }
    return std::nullopt;
}

bool isEarlierBuiltIn(const Questionnaire& q) {
    const Questionnaire current = defaultQuestionnaire();
    if (q.id != current.id || q.version >= current.version) return false;
    const auto source = builtInQuestionnaireSource(q.id, q.version);
    return source && *source == q.source;
}

Questionnaire defaultQuestionnaire() {
    constexpr std::string_view kName = "questionnaires/default.toml";
    auto loaded = parseQuestionnaire(embeddedAsset(kName), "<built-in>/" + std::string(kName));
    // The file is checked by the tests; failing here means a broken build, not bad input.
    if (!loaded) throw std::logic_error("built-in questionnaire is invalid: " + loaded.error().toString());
    return std::move(loaded.value());
}

}  // namespace hailong::core
