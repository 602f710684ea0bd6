#pragma once
// What the kiosk says, as pieces a unit can record (README, "Speech"). A cue is an optional
// sound followed by speech parts; each part names its prompt id, which a voice pack may have a
// recording of, and carries its text, which espeak-ng speaks otherwise.
//
// Prompt ids:
//   - the keys of the language files the citizen screens show ("idle.prompt", "nav.back"...),
//     and the [speech] section's keys, written for the ear ("speech.on", "speech.chosen"...);
//   - "number.0" .. "number.20", the numbers said in the position of a question and the offer;
//   - "sound.confirm", "sound.refuse": the two sounds (tones.h makes them otherwise);
//   - a unit's own texts: "q.<question id>", "q.<question id>.<option id>", "p.<procedure code>",
//     "unit.name", "unit.counter" (recorded if the unit wants; not in the fixed list);
//   - none (empty): free text, such as an officer's name or a typed key: always espeak-ng.
#include "base/strings.h"
#include "base/text.h"

#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

enum class Sound { Confirm, Refuse };
std::string soundPromptId(Sound s);  ///< "sound.confirm" / "sound.refuse"

struct SpeechPart {
    std::string promptId;  ///< may be empty: free text
    std::string text;      ///< what espeak-ng says when no recording is played; numbers already words
    bool operator==(const SpeechPart& o) const { return promptId == o.promptId && text == o.text; }
};

/// One thing to play: a sound, then speech in one language.
struct SpeechCue {
    bool interrupt = false;  ///< drops what is playing and waiting (a new touch)
    std::optional<Sound> sound;
    Language lang = Language::Vi;
    std::vector<SpeechPart> parts;
    /// The ids of the parts, free text as "text" (its words are never printed: they may be the
    /// keys of a comment being typed): for --trace-ui, the log and tests.
    std::vector<std::string> ids() const;
};

/// Builds parts from the built-in (or given) strings.
class PromptWords {
public:
    explicit PromptWords(const Strings& strings) : m_strings(strings) {}
    /// The text of a language file key, as a part.
    SpeechPart key(const std::string& id, Language lang) const;
    /// A number: "number.N" for 0..20, free words above.
    SpeechPart number(long long n, Language lang) const;
    /// A unit's text (question, option, procedure, unit name): its id, numbers made words.
    SpeechPart own(const std::string& id, const std::string& text, Language lang) const;
    /// Free text (an officer's name): numbers made words.
    SpeechPart free(const std::string& text, Language lang) const;
    /// A code (a dossier code), sign by sign.
    SpeechPart code(const std::string& code, Language lang) const;
    const Strings& strings() const { return m_strings; }

private:
    const Strings& m_strings;
};

/// Every fixed prompt id (the ones a unit records to replace espeak-ng entirely for the screens
/// of the default questionnaire's flow; the questionnaire's own texts come on top), sorted.
const std::vector<std::string>& fixedPromptIds();
/// The text of a fixed prompt id in lang ("number.7" -> "bảy"; "sound.*" -> a description).
std::string fixedPromptText(const std::string& id, Language lang, const Strings& strings = Strings::builtIn());

}  // namespace hailong::core
