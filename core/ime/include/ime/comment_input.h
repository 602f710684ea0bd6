#pragma once
// The comment screen's on-screen keyboard and the comment being typed (SPEC 3, issue 6).
//
// The kiosk UI draws layout() and turns taps into tap(id); a physical keyboard calls
// typeChar()/typeBackspace()/typeEnter(). Everything typed goes through one TelexEngine, so
// on-screen and physical keys give the same text. Pure logic: no UI, no clock, no I/O.
//
// [SECTION] Pages. Letters: first two rows of direct keys for people who do not know Telex or
// VNI (issue 14): the letters ă â đ ê ô ơ ư ("key:ă"...; capitals with shift) and the five tones
// ("key:tone:sac", "key:tone:huyen", "key:tone:hoi", "key:tone:nga", "key:tone:nang", labelled
// with the tone on a sample vowel and its name). They go through the same engine as the Telex
// keys (TelexEngine::directLetter/directTone): "Thủ" is T h u + hỏi, "tục" is t u c + nặng. In EN
// the letters are typed as they are and a tone key puts the tone on the vowel just typed
// (cafe + sắc = café). A tone key with no word being typed, or no vowel in it, is refused.
// Then QWERTY in three rows (the layout Vietnamese Telex users know), with
// shift, backspace, and a bottom row page | VI/EN | , | space | . ; in VNI mode a digits row
// 1..0 comes first, because VNI marks and tones are digits typed right after the letters (each
// digit key carries a hint showing what it does: á à ả ã ạ â ư ă đ, 0 removes the tone).
// Numbers: digits, punctuation, backspace and the same bottom row. The actions clear, skip and
// done are separate (actions()), meant to be drawn away from the letters and from each other.
//
// [SECTION] Undo of clear. Clear remembers the text and the keyboard as they were; while that is
// kept (canUndoClear()), actions() shows undo ("key:undo") in place of clear, and undo brings it
// all back. Any other key that is applied forgets it, and so does forgetUndoClear() (the flow
// calls it after a few seconds: this class has no clock).
//
// [SECTION] Quick comments. insertPhrase() appends a phrase defined by the questionnaire, as it
// is, after the word being typed is finished: ", " between it and earlier text, or a single
// space when the text ends with punctuation, nothing when it is empty or ends with a space.
//
// [SECTION] Shift. Three states, one tap each, nothing timed (SPEC 3: no double tap):
// Off --tap--> Once (the next letter only is upper case) --tap--> Caps (every letter upper
// case until shift is tapped again) --tap--> Off. Only letter keys use up Once; digits,
// punctuation, space and page switches leave it. Letter labels show the case that a tap types.
// Physical keys carry their own case and ignore the on-screen shift.
//
// [SECTION] Length limit. The limit (default 500) is in code points of the NFC text, and it
// counts the comment as it will be stored: the text shown, or, if longer, the text after the
// word being typed is finished (a word that cannot be Vietnamese goes back to its keys at a word
// break: `tiesng`). A key is refused, leaving everything as it was, when after it either would
// pass the limit: also a key that lengthens a letter (`aa` = â, then `a` cancels to `aa`), while a
// tone or mark key that keeps the length is still accepted at the limit. Backspace and clear are
// never refused. So finishing (done, the VI/EN switch) never passes the limit either.
//
// Ownership: one instance per comment screen; make a fresh one for each respondent (the text
// must not reach the next citizen). Not thread-safe. Nothing here throws except std::bad_alloc.
#include "ime/telex.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

enum class KeyKind : std::uint8_t {
    Character,  ///< a letter, digit or punctuation: typed through the engine
    Space,      ///< a word break
    Shift,
    Backspace,
    Language,  ///< VI/EN
    Page,      ///< letters <-> numbers and punctuation
    Clear,     ///< the whole text gone (undoable: Undo)
    Done,
    Skip,
    Letter,  ///< a direct Vietnamese letter (ă â đ ê ô ơ ư): typed through the engine
    Tone,    ///< a direct tone key: the tone of the word being typed
    Undo,    ///< brings back the text that clear removed
};

/// How a toggle key is drawn: Shift Off/Once/Caps map to Off/On/Locked; VI/EN is On in VI.
enum class KeyState : std::uint8_t { Off, On, Locked };

/// One key to draw. Sizes are relative: width in key units (a letter key is 1); rows are
/// stacked top to bottom, each row centred on the widest. Nothing is in pixels.
struct Key {
    std::string id;  ///< stable: "key:a", "key:1", "key:,", "key:space", "key:shift"...
    KeyKind kind = KeyKind::Character;
    std::string label;              ///< UTF-8 text to draw, or a string key (see labelIsStringKey)
    bool labelIsStringKey = false;  ///< label is a key into assets/lang (e.g. "keyboard.space")
    std::string hint;               ///< small second label (VNI digits: what the digit does), may be empty
    bool hintIsStringKey = false;   ///< hint is a key into assets/lang
    float width = 1.0f;
    KeyState state = KeyState::Off;
};

enum class KeyboardPage : std::uint8_t { Letters, Numbers };
enum class ShiftState : std::uint8_t { Off, Once, Caps };

/// What a tap or a physical key did.
enum class InputResult : std::uint8_t {
    Applied,  ///< the text or the keyboard state changed as asked
    Refused,  ///< the key would pass the length limit: nothing changed (limitRefused() is true)
    Ignored,  ///< not a key of the current page (a stale tap), or a control character
    Done,     ///< the citizen finished: the last word is finalised, comment() is the text to store
    Skip,     ///< the citizen skipped the comment: the caller discards it
};

struct CommentInputOptions {
    TelexOptions telex;           ///< VI or EN at the start, Telex or VNI, tone style
    std::size_t maxLength = 500;  ///< code points
    bool skippable = true;        ///< actions() has the skip key (a staff field has none)
};

/// The on-screen key ids a person taps for one typed character on the letters page: a capital
/// is shift, then its letter; ' ' is the space bar. (Demo data, tests and scripts type this way.)
std::vector<std::string> tapsFor(char c);

class CommentInput {
public:
    explicit CommentInput(CommentInputOptions options = {});

    /// The keys of the current page, top row first, labels as a tap would type them now.
    std::vector<std::vector<Key>> layout() const;
    /// The actions: clear (or undo while canUndoClear()), skip, done (ids "key:clear" or
    /// "key:undo", "key:skip", "key:done").
    std::vector<Key> actions() const;

    /// Applies the key with this id (from layout() of the current page, or actions()).
    InputResult tap(std::string_view id);

    /// A printable character from a physical keyboard (its own case). Control characters
    /// (below U+0020, U+007F..U+009F) are ignored.
    InputResult typeChar(char32_t c);
    InputResult typeBackspace();
    /// Enter ends the comment, as the done key does.
    InputResult typeEnter();

    /// Appends a quick-comment phrase (UTF-8, taken as it is, no input method): the word being
    /// typed is finished first; the phrase follows earlier text after ", " (after a single space
    /// when the text ends with punctuation; directly when it is empty or ends with a space).
    /// Refused, changing nothing, when the result would pass the length limit; Ignored for an
    /// empty phrase.
    InputResult insertPhrase(std::string_view utf8);

    /// True while the text removed by the last clear can be brought back by "key:undo".
    bool canUndoClear() const { return m_undo != nullptr; }
    /// Forgets the text the last clear removed (after the few seconds undo is offered).
    void forgetUndoClear() { m_undo.reset(); }

    /// The whole text as shown, UTF-8 NFC: committed words and the word being composed.
    std::string text() const { return m_engine.text(); }
    /// The word being composed (for underlining): always the end of text(); empty when none.
    std::string composing() const { return m_engine.composing(); }
    /// The comment to store: the text with the last word finalised, without leading or trailing
    /// white space.
    std::string comment() const;

    std::size_t maxLength() const { return m_maxLength; }
    /// Code points still free, counting the text as it will be stored (see the limit above).
    std::size_t remaining() const { return m_maxLength - std::min(m_maxLength, m_storedLength); }
    /// True when the last key was refused by the limit, until the next key is applied.
    bool limitRefused() const { return m_refused; }

    KeyboardPage page() const { return m_page; }
    ShiftState shift() const { return m_shift; }
    bool vietnamese() const { return m_engine.options().vietnamese; }
    /// Switches VI/EN as the key does (the word being typed is finished first).
    void setVietnamese(bool on);
    const TelexOptions& telexOptions() const { return m_engine.options(); }

private:
    /// Feeds one key (a character, or backspace when c == 0) through a copy of the engine and
    /// keeps the copy only if it fits the limit (backspace always fits).
    InputResult feed(char32_t c, bool backspace);
    /// Runs op on a copy of the engine and keeps the copy if op says it changed something
    /// (else Ignored) and the text still fits the limit (else Refused); lengthens says the
    /// limit applies (backspace never passes it).
    template <class Op>
    InputResult apply(Op op, bool lengthens);
    InputResult tapKey(const Key& key);
    void recount();

    /// What clear removed, for undo.
    struct Cleared {
        TelexEngine engine;
        std::size_t storedLength;
        ShiftState shift;
    };

    TelexEngine m_engine;
    std::size_t m_maxLength;
    std::size_t m_storedLength = 0;  ///< max(shown, finalised) length in code points
    KeyboardPage m_page = KeyboardPage::Letters;
    ShiftState m_shift = ShiftState::Off;
    bool m_refused = false;
    bool m_skippable = true;
    std::shared_ptr<const Cleared> m_undo;  ///< shared: a CommentInput stays cheap to copy
};

}  // namespace hailong::core
