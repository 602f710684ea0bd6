#pragma once
// Translated user-interface strings. Every visible string is a key looked up here;
// the texts live in assets/lang/vi.toml and assets/lang/en.toml and are built into
// the program, so the kiosk starts without any asset file.
#include "base/expected.h"
#include "base/text.h"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace hailong::core {

class Strings {
public:
    /// Parses both language files; refuses a key present in one file but not the other.
    static Expected<Strings, LoadError> parse(std::string_view viSource, const std::string& viName,
                                              std::string_view enSource, const std::string& enName);
    /// The strings built into the program.
    static const Strings& builtIn();

    /// The text for key; a missing key yields "⟨key⟩" so it is visible, never a crash.
    const std::string& get(std::string_view key, Language lang) const;
    bool has(std::string_view key) const;
    std::size_t size() const { return m_texts.size(); }

private:
    std::map<std::string, Text, std::less<>> m_texts;
};

/// text with each "{name}" replaced by its value: the placeholders of the language files.
std::string fillIn(std::string text, std::initializer_list<std::pair<const char*, std::string>> values);

/// Text of a built-in asset file, by path relative to assets/ (e.g. "lang/vi.toml").
/// Returns an empty view for an unknown name.
std::string_view embeddedAsset(std::string_view name);

}  // namespace hailong::core
