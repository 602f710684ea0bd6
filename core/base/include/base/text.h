#pragma once
// Bilingual text: the two languages of the kiosk, a text in both, and where a file that a
// person wrote (a questionnaire, a language file) was refused.
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

enum class Language { Vi, En };
std::string_view languageCode(Language);  ///< "vi" / "en"
std::optional<Language> languageFromCode(std::string_view);

/// A text in both languages of the kiosk.
struct Text {
    std::string vi;
    std::string en;
    const std::string& in(Language lang) const { return lang == Language::En ? en : vi; }
};

/// Where and why a file was refused: "file:line:column: message".
struct LoadError {
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;
    std::string toString() const;
};

}  // namespace hailong::core
