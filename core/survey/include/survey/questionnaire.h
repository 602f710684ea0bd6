#pragma once
// The questionnaire model and its file format (see docs/questionnaire-format.md).
//
// A questionnaire is versioned data, not code: each unit may use its own (SPEC 2).
// Every answer stores the question id and the question's scale, so answers given on
// different scales never mix silently.
#include "base/expected.h"
#include "base/text.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

enum class Scale {
    ThreeLevel,   ///< very_satisfied / satisfied / not_satisfied (the counter scale)
    Sipas5,       ///< very_dissatisfied / dissatisfied / neutral / satisfied / very_satisfied
    Star5,        ///< "1".."5"
    YesNo,        ///< yes / no
    Choice,       ///< exactly one of the question's own options
    MultiSelect,  ///< any number of the question's own options (e.g. reasons)
};
std::string_view scaleName(Scale);  ///< "three_level", "sipas5", ...
std::optional<Scale> scaleFromName(std::string_view);
/// True for scales whose options are fixed by the scale (the file may only relabel them).
bool scaleHasFixedOptions(Scale);

/// One answer option. For fixed scales the ids are those of the scale.
struct Option {
    std::string id;
    Text text;
    std::string indicator;  ///< official indicator it maps to (reasons), may be empty
};

/// "Show this question only when question X was answered with one of these values."
struct Condition {
    std::string questionId;  ///< empty: always shown
    std::vector<std::string> anyOf;
    bool always() const { return questionId.empty(); }
};

struct Question {
    std::string id;
    Scale scale = Scale::ThreeLevel;
    Text text;
    std::vector<Option> options;  ///< in display order; filled for fixed scales too
    Condition showIf;
    int line = 0;  ///< line in the source file, for messages
};

/// A loaded, validated questionnaire. The first question is the main question,
/// answered on the idle screen with one tap (SPEC 3).
struct Questionnaire {
    std::string id;
    int version = 0;
    Text title;
    std::vector<Question> questions;
    /// The questions after the main one (and its follow-ups, such as the reasons) are offered on
    /// the thank-you screen and asked only when the citizen takes the offer; true: they are
    /// always asked, before the thank-you (`further_questions = "always"`, for units that must).
    bool furtherAlways = false;
    /// Phrases the citizen can add to the comment with one tap (`[[quick_comment]]`).
    std::vector<Text> quickComments;
    std::string source;  ///< the exact file text, kept so batches can carry the definition

    const Question& mainQuestion() const { return questions.front(); }
    const Question* find(std::string_view questionId) const;
    int indexOf(std::string_view questionId) const;  ///< -1 if absent
    /// True for a question asked right after the vote, before the thank-you: one whose show_if
    /// looks at the main question (the reasons after "not satisfied").
    bool followsVote(const Question& q) const { return !q.showIf.always() && q.showIf.questionId == mainQuestion().id; }
};

/// Parses and validates questionnaire text. fileName is only used in messages.
Expected<Questionnaire, LoadError> parseQuestionnaire(std::string_view source, const std::string& fileName);
/// Reads and parses a file; an unreadable file is a LoadError too.
Expected<Questionnaire, LoadError> loadQuestionnaireFile(const std::filesystem::path& path);
/// The default questionnaire built into the program (assets/questionnaires/default.toml).
Questionnaire defaultQuestionnaire();
/// The exact text of a questionnaire this program or an earlier one had built in
/// (assets/questionnaires/earlier/): responses given with it may still wait for export.
std::optional<std::string> builtInQuestionnaireSource(std::string_view id, int version);
/// True for a questionnaire that an earlier program had built in, word for word, and that the
/// built-in one of this program replaces (a kiosk upgraded while using it moves to the new one).
bool isEarlierBuiltIn(const Questionnaire& q);

}  // namespace hailong::core
