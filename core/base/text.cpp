#include "base/text.h"

namespace hailong::core {

std::string_view languageCode(Language lang) { return lang == Language::En ? "en" : "vi"; }

std::optional<Language> languageFromCode(std::string_view code) {
    if (code == "vi") return Language::Vi;
    if (code == "en") return Language::En;
    return std::nullopt;
}

// Line 0 means "no position" (an unreadable file): printed as "file: message", the way
// compilers print errors that concern a whole file.
std::string LoadError::toString() const {
    std::string out = file;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    }
    return out + ": " + message;
}

}  // namespace hailong::core
