// Translated UI strings: two flat TOML files, one per language, with the same keys.
//
// A file may group keys in tables ([idle] title = "..."); they are flattened to dotted
// keys ("idle.title"), which is what the UI code asks for.
#include "base/strings.h"

#include <toml++/toml.h>

#include <stdexcept>
#include <utility>

namespace hailong::core {

namespace generated {
// Built by cmake/EmbedAssets.cmake; ends with an empty pair.
extern const std::pair<std::string_view, std::string_view> kAssets[];
}  // namespace generated

std::string_view embeddedAsset(std::string_view name) {
    for (const auto* asset = generated::kAssets; !asset->first.empty(); ++asset)
        if (asset->first == name) return asset->second;
    return {};
}

namespace {

struct Entry {
    std::string text;
    int line = 0;
    int column = 0;
};
using FlatFile = std::map<std::string, Entry, std::less<>>;

LoadError errorAt(const std::string& file, const toml::source_region& at, std::string message) {
    return LoadError{file, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), std::move(message)};
}

/// Adds every string of `table` to `out` under prefix + key; the first non-string value
/// (number, list, ...) is an error because every UI text must be a translatable string.
std::optional<LoadError> flatten(const toml::table& table, const std::string& prefix, const std::string& file,
                                 FlatFile& out) {
    for (auto&& [key, value] : table) {
        const std::string name = prefix + std::string(key.str());
        if (const auto* sub = value.as_table()) {
            if (auto error = flatten(*sub, name + ".", file, out)) return error;
        } else if (const auto* text = value.as_string()) {
            out.emplace(name, Entry{text->get(), static_cast<int>(key.source().begin.line),
                                    static_cast<int>(key.source().begin.column)});
        } else {
            return errorAt(file, value.source(), "'" + name + "' must be a string");
        }
    }
    return std::nullopt;
}

Expected<FlatFile, LoadError> parseFlat(std::string_view source, const std::string& file) {
    try {
        const toml::table root = toml::parse(source, std::string_view(file));
        FlatFile flat;
        if (auto error = flatten(root, "", file, flat)) return unexpected(std::move(*error));
        return flat;
    } catch (const toml::parse_error& e) {
        return unexpected(errorAt(file, e.source(), "invalid TOML: " + std::string(e.description())));
    }
}

/// The key of `from` (earliest in its file) that `to` lacks, as an error pointing into `from`.
std::optional<LoadError> firstMissing(const FlatFile& from, const std::string& fromName, const FlatFile& to,
                                      const std::string& toName) {
    const std::pair<const std::string, Entry>* first = nullptr;
    for (const auto& item : from) {
        if (to.count(item.first)) continue;
        if (!first || std::make_pair(item.second.line, item.second.column) <
                          std::make_pair(first->second.line, first->second.column))
            first = &item;
    }
    if (!first) return std::nullopt;
    return LoadError{fromName, first->second.line, first->second.column,
                     "key '" + first->first + "' is missing from " + toName + " (every key needs both languages)"};
}

}  // namespace

Expected<Strings, LoadError> Strings::parse(std::string_view viSource, const std::string& viName,
                                            std::string_view enSource, const std::string& enName) {
    auto vi = parseFlat(viSource, viName);
    if (!vi) return unexpected(vi.error());
    auto en = parseFlat(enSource, enName);
    if (!en) return unexpected(en.error());
    if (auto error = firstMissing(*vi, viName, *en, enName)) return unexpected(std::move(*error));
    if (auto error = firstMissing(*en, enName, *vi, viName)) return unexpected(std::move(*error));

    Strings strings;
    for (auto& [key, entry] : *vi)
        strings.m_texts.emplace(key, Text{std::move(entry.text), std::move(en->at(key).text)});
    return strings;
}

const Strings& Strings::builtIn() {
    // Immutable after the first call; built lazily so a test binary that never shows a
    // string never parses them.
    static const Strings strings = [] {
        auto parsed = parse(embeddedAsset("lang/vi.toml"), "<built-in>/lang/vi.toml", embeddedAsset("lang/en.toml"),
                            "<built-in>/lang/en.toml");
        // The files are checked by the tests; failing here means a broken build.
        if (!parsed) throw std::logic_error("built-in strings are invalid: " + parsed.error().toString());
        return std::move(parsed.value());
    }();
    return strings;
}

const std::string& Strings::get(std::string_view key, Language lang) const {
    if (const auto it = m_texts.find(key); it != m_texts.end()) return it->second.in(lang);
    // A missing key shows as "⟨key⟩" so it is noticed on screen and in screenshots. The
    // placeholders live in a map whose nodes never move, so the reference stays valid;
    // this is the one mutable static here, and the UI calls it from one thread only.
    static std::map<std::string, std::string, std::less<>> placeholders;
    auto it = placeholders.find(key);
    if (it == placeholders.end()) it = placeholders.emplace(std::string(key), "⟨" + std::string(key) + "⟩").first;
    return it->second;
}

bool Strings::has(std::string_view key) const { return m_texts.find(key) != m_texts.end(); }

std::string fillIn(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
    for (const auto& [name, value] : values) {
        const std::string token = std::string("{") + name + "}";
        for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
            text.replace(at, token.size(), value);
    }
    return text;
}

}  // namespace hailong::core
