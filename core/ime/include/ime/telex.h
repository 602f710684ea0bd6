#pragma once
// Vietnamese input engine for the on-screen keyboard (issue 6): Telex by default, VNI as an option.
// Follows shared/docs/telex-rules.md: free marking, the tone re-placed after every key (old-style
// placement by default), repeated keys cancel, `w` alone gives ư, auto-horn (ưo/uơ + letter -> ươ),
// qu/gi onsets, closed syllables, uppercase by the base-letter key, raw restore at a word break
// for words that cannot be Vietnamese, backspace by displayed letter. Output is precomposed NFC.
//
// Documented limits (the same in UniKey, bamboo and OpenKey):
// - English words that are valid syllables are converted (`test` -> tét, `now` -> nơ).
// - The cancel key eats a letter in English (`office` -> ofice): nothing is left to restore.
// - Backspace over a space does not re-open the committed word (optional in the rules).
// - In Telex a non-ASCII key (é typed on a physical keyboard) is a word break and passes through.
//
// Direct keys (issue 14, for people who do not know Telex): directLetter() types ă â đ ê ô ơ ư
// (or a capital) as one letter of the word being typed, and directTone() sets a tone on that word;
// placement, backspace, the composing word and later Telex keys treat them as Telex letters and
// tones. A word in which a direct key was used is never restored to its keys at the word break:
// its marks were chosen, not converted (`Đắk` typed as Đ ă k + sắc stays).
// - At a word break the word is kept when it is a syllable or the start of one (`aa` -> â,
//   `tiee` -> tiê, `vieetj{BS}` -> việ, `dd` -> đ), as the example file requires; only words that
//   can no longer become a syllable are restored to their keys.
// Pure logic: no UI, no I/O. Not thread-safe; one instance per text field.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

struct TelexOptions {
    bool vietnamese = true;        // false: EN mode, keys are inserted as typed
    bool vni = false;              // digits 1-9 as marks/tones instead of Telex letters
    bool modernToneStyle = false;  // false = old style (hòa, khỏe, thủy), the default
};

/// Vietnamese input engine: feed keys, read the text. Deterministic; no allocation surprises;
/// not thread-safe. The engine owns the whole text (committed part + the word being composed).
class TelexEngine {
public:
    explicit TelexEngine(TelexOptions options = {});
    void setOptions(TelexOptions options);  // finalises the current word first
    const TelexOptions& options() const { return m_options; }
    /// One key: a printable Unicode code point (letters, digits, punctuation, space).
    /// Any key that is not a letter (nor, in VNI, a digit right after a letter) is a word break:
    /// the word is finalised and the key passes through unchanged.
    void key(char32_t c);
    /// Backspace as described in the rules (removes the last visible letter of the composing word,
    /// recomputing marks/tone; in committed text removes the last code point).
    void backspace();
    /// Word break as at the end of input (no character added): finalises, restoring raw keys if
    /// the word cannot be Vietnamese.
    void commit();
    void clear();
    /// Whole text, UTF-8, NFC (committed + composing as displayed now).
    std::string text() const;
    /// The word being composed (UTF-8), for underlining; empty when none.
    std::string composing() const;
    std::size_t lengthInCodePoints() const;  // of text(), for a length limit

    enum class Mark : std::uint8_t { None, Circumflex, Breve, Horn, Stroke };
    enum class Tone : std::uint8_t { None, Grave, Acute, Hook, Tilde, Dot };

    /// A direct key for a Vietnamese letter: ă â đ ê ô ơ ư or their capitals (precomposed).
    /// In VI the letter joins the word being typed, as the Telex keys for it would (`ư o c` +
    /// sắc gives `ước`: auto-horn applies); in EN it is inserted as it is. Returns false, and
    /// changes nothing, for any other code point.
    bool directLetter(char32_t letter);
    /// A direct tone key. In VI it sets the tone of the word being typed, placed by the rules
    /// (old or new style), replacing another tone; the same tone again removes it (Tone::None
    /// removes any). Refused (false, nothing changed) when there is no word being typed or it
    /// has no vowel, or for huyền/hỏi/ngã on a syllable ending in c, ch, p or t.
    /// In EN (no word is composed) it acts on the last character of the text when that is a
    /// vowel that can carry a Vietnamese tone (a ă â e ê i o ô ơ u ư y, toned or not, any case):
    /// `cafe` + sắc gives `café`; otherwise it is refused.
    bool directTone(Tone tone);
    /// Inserts text as it is (no input method): finishes the word being typed first.
    void insertText(std::u32string_view text);
    /// One letter of the composing word: ch is the lowercase key letter (or any literal code point).
    struct Letter {
        char32_t ch = 0;
        Mark mark = Mark::None;
        bool upper = false;
        bool fromW = false;  // an ư made by a lone w: cancelling gives back the w
    };

private:
    /// A key of the composing word, kept for the raw restore and pruned by backspace.
    struct RawKey {
        char32_t key = 0;
        int letter = -1;      // letter this key created
        int target = -1;      // letter this key marked
        bool tone = false;    // set or removed the tone
        bool direct = false;  // a direct letter or tone key (never restored to keys)
    };

    void letterKey(char32_t c);
    void vniKey(char32_t c);
    void appendLiteral(char32_t lower, bool upper);
    void appendLetter(Letter letter);
    void toneKey(Tone t, char32_t lower, bool upper);
    void removeToneKey(char32_t lower, bool upper);
    void circumflexKey(char32_t lower, bool upper, bool anyOfAeo);
    void hornKey(char32_t lower, bool upper, bool telex);
    void breveKey(char32_t lower, bool upper);
    void strokeKey(char32_t lower, bool upper);
    void cancelMark(std::size_t index, char32_t lower, bool upper);
    void afterKey();
    std::u32string display() const;

    TelexOptions m_options;
    std::u32string m_committed;
    std::vector<Letter> m_letters;
    std::vector<RawKey> m_raw;
    Tone m_tone = Tone::None;
    bool m_dead = false;  // the word can no longer become a syllable: keys are literal
};

/// Convenience for tests and the CLI: feed a line of keys (with "{BS}" meaning backspace),
/// end with commit(), return text().
std::string typeKeys(const std::string& keysUtf8, TelexOptions options = {});

/// UTF-8 helpers used by the engine (invalid bytes decode as U+FFFD).
std::u32string utf8ToCodePoints(const std::string& utf8);
std::string codePointsToUtf8(const std::u32string& text);

/// Internals shared by telex.cpp and telex_syllable.cpp (syllable grammar, letter tables).
/// Not part of the engine's interface.
namespace telex {
using Letter = TelexEngine::Letter;
struct Parts {
    std::size_t onsetEnd;    // letters [0, onsetEnd) are the onset (qu, gi included)
    std::size_t nucleusEnd;  // [onsetEnd, nucleusEnd) the vowel group; the rest the coda
};
bool isVowel(char32_t lowerLetter);
/// Lowercase letter with its mark and no tone (ư, đ...); other code points as they are.
char32_t markedLower(const Letter& l);
/// The precomposed code point shown for l, with tone if l carries it.
char32_t render(const Letter& l, TelexEngine::Tone tone);
std::u32string markedWord(const std::vector<Letter>& letters, std::size_t from, std::size_t to);
/// Lowercase base letters without marks: what the word can still become with other marks.
std::u32string skeletonWord(const std::vector<Letter>& letters);
/// word (lowercase; marked, or stripped of marks when stripped) against the syllable grammar:
/// a whole syllable, or (prefix) the start of one. tone is checked against a stop coda.
bool matches(std::u32string_view word, bool stripped, bool prefix, TelexEngine::Tone tone);
bool isOnset(std::u32string_view markedWord);
Parts locate(const std::vector<Letter>& letters);
/// Index of the letter that carries the tone (rules §3), -1 when the word has no vowel.
int tonePosition(const std::vector<Letter>& letters, bool modernStyle);
}  // namespace telex

}  // namespace hailong::core
