#include "ime/comment_input.h"

#include <array>
#include <utility>

namespace hailong::core {

namespace {

constexpr std::string_view KeyPrefix = "key:";

bool isAsciiLower(char c) { return c >= 'a' && c <= 'z'; }

/// The direct letter keys, in the order of the alphabet (a ă â d đ e ê o ô ơ u ư).
struct LetterKey {
    const char* lower;
    const char* upper;
    char32_t lowerCp, upperCp;
};
constexpr LetterKey LetterKeys[] = {
    {"ă", "Ă", U'ă', U'Ă'}, {"â", "Â", U'â', U'Â'}, {"đ", "Đ", U'đ', U'Đ'}, {"ê", "Ê", U'ê', U'Ê'},
    {"ô", "Ô", U'ô', U'Ô'}, {"ơ", "Ơ", U'ơ', U'Ơ'}, {"ư", "Ư", U'ư', U'Ư'},
};

struct ToneKey {
    const char* id;
    const char* label;  ///< string key: the tone on a sample vowel and its name ("á sắc")
    TelexEngine::Tone tone;
};
constexpr ToneKey ToneKeys[] = {
    {"key:tone:sac", "keyboard.tone_sac", TelexEngine::Tone::Acute},
    {"key:tone:huyen", "keyboard.tone_huyen", TelexEngine::Tone::Grave},
    {"key:tone:hoi", "keyboard.tone_hoi", TelexEngine::Tone::Hook},
    {"key:tone:nga", "keyboard.tone_nga", TelexEngine::Tone::Tilde},
    {"key:tone:nang", "keyboard.tone_nang", TelexEngine::Tone::Dot},
};

std::string charLabel(char c, bool upper) {
    if (upper && isAsciiLower(c)) c = static_cast<char>(c - 'a' + 'A');
    return std::string(1, c);
}

/// What a key does in the input method, shown small on the key so a citizen who does not know
/// Telex or VNI can find the marks and tones.
std::string hintFor(char c, const TelexOptions& o) {
    if (!o.vietnamese) return {};
    if (o.vni) {
        static const std::array<const char*, 10> digits = {"", "á", "à", "ả", "ã", "ạ", "â", "ư", "ă", "đ"};
        return c >= '0' && c <= '9' ? digits[static_cast<std::size_t>(c - '0')] : "";
    }
    switch (c) {
    case 's': return "á";
    case 'f': return "à";
    case 'r': return "ả";
    case 'x': return "ã";
    case 'j': return "ạ";
    case 'w': return "ư";
    default: return {};
    }
}

Key special(std::string id, KeyKind kind, std::string label, bool stringKey, float width,
            KeyState state = KeyState::Off) {
    Key k;
    k.id = std::move(id);
    k.kind = kind;
    k.label = std::move(label);
    k.labelIsStringKey = stringKey;
    k.width = width;
    k.state = state;
    return k;
}

}  // namespace

std::vector<std::string> tapsFor(char c) {
    if (c == ' ') return {"key:space"};
    if (c >= 'A' && c <= 'Z') return {"key:shift", std::string(KeyPrefix) + static_cast<char>(c - 'A' + 'a')};
    return {std::string(KeyPrefix) + c};
}

CommentInput::CommentInput(CommentInputOptions options)
    : m_engine(options.telex), m_maxLength(options.maxLength), m_skippable(options.skippable) {}

// [SECTION] Layout

std::vector<std::vector<Key>> CommentInput::layout() const {
    const TelexOptions& o = m_engine.options();
    const bool upper = m_shift != ShiftState::Off;
    const auto chars = [&](std::string_view row) {
        std::vector<Key> keys;
        for (const char c : row) {
            Key k;
            k.id = std::string(KeyPrefix) + c;
            k.label = charLabel(c, upper);
            k.hint = hintFor(c, o);
            keys.push_back(std::move(k));
        }
        return keys;
    };
    std::vector<std::vector<Key>> rows;
    if (m_page == KeyboardPage::Letters) {
        // The direct keys first, where nobody has to know a code to find them: seven letters as
        // wide together as a QWERTY row, then the five tones.
        std::vector<Key> letters;
        for (const LetterKey& l : LetterKeys) {
            Key k;
            k.id = std::string(KeyPrefix) + l.lower;
            k.kind = KeyKind::Letter;
            k.label = upper ? l.upper : l.lower;
            k.width = 1.42f;  // 7 of them as wide as ten letters, or just under
            letters.push_back(std::move(k));
        }
        rows.push_back(std::move(letters));
        std::vector<Key> tones;
        for (const ToneKey& t : ToneKeys) tones.push_back(special(t.id, KeyKind::Tone, t.label, true, 2.0f));
        rows.push_back(std::move(tones));
        // VNI marks and tones are digits typed right after a letter: they must be on this page.
        if (o.vni) rows.push_back(chars("1234567890"));
        rows.push_back(chars("qwertyuiop"));
        rows.push_back(chars("asdfghjkl"));
        std::vector<Key> third;
        third.push_back(special("key:shift", KeyKind::Shift, "keyboard.shift", true, 1.5f,
                                m_shift == ShiftState::Off    ? KeyState::Off
                                : m_shift == ShiftState::Once ? KeyState::On
                                                              : KeyState::Locked));
        for (Key& k : chars("zxcvbnm")) third.push_back(std::move(k));
        third.push_back(special("key:bs", KeyKind::Backspace, "keyboard.backspace", true, 1.5f));
        rows.push_back(std::move(third));
    } else {
        rows.push_back(chars("1234567890"));
        rows.push_back(chars("-/:;()&@\"'"));
        std::vector<Key> third = chars("?!%+=#*");
        third.push_back(special("key:bs", KeyKind::Backspace, "keyboard.backspace", true, 1.5f));
        rows.push_back(std::move(third));
    }
    // The same bottom row on both pages, with the comma and full stop a sentence needs most.
    std::vector<Key> bottom;
    bottom.push_back(special("key:page", KeyKind::Page, m_page == KeyboardPage::Letters ? "?123" : "ABC", false, 1.5f));
    bottom.push_back(special("key:vi_en", KeyKind::Language, o.vietnamese ? "keyboard.vi" : "keyboard.en", true, 2.0f,
                             o.vietnamese ? KeyState::On : KeyState::Off));
    for (Key& k : chars(",")) bottom.push_back(std::move(k));
    bottom.push_back(special("key:space", KeyKind::Space, "keyboard.space", true, 4.5f));
    for (Key& k : chars(".")) bottom.push_back(std::move(k));
    rows.push_back(std::move(bottom));
    return rows;
}

std::vector<Key> CommentInput::actions() const {
    // Clear and skip lose the text: they sit apart from the letters, done the widest.
    std::vector<Key> keys;
    if (m_undo) keys.push_back(special("key:undo", KeyKind::Undo, "keyboard.undo", true, 2.0f));
    else keys.push_back(special("key:clear", KeyKind::Clear, "keyboard.clear", true, 2.0f));
    if (m_skippable) keys.push_back(special("key:skip", KeyKind::Skip, "nav.skip", true, 2.0f));
    keys.push_back(special("key:done", KeyKind::Done, "keyboard.done", true, 3.0f));
    return keys;
}

// [SECTION] Taps

InputResult CommentInput::tap(std::string_view id) {
    const Key* found = nullptr;
    const std::vector<std::vector<Key>> rows = layout();
    const std::vector<Key> acts = actions();
    for (const auto& row : rows)
        for (const Key& k : row)
            if (k.id == id) found = &k;
    for (const Key& k : acts)
        if (k.id == id) found = &k;
    if (!found) return InputResult::Ignored;  // not on this page: a tap left over from the last one
    const InputResult r = tapKey(*found);
    // Undo of clear is offered only until something else is done.
    if (r == InputResult::Applied && found->kind != KeyKind::Clear) m_undo.reset();
    return r;
}

InputResult CommentInput::tapKey(const Key& key) {
    const Key* found = &key;
    switch (found->kind) {
    case KeyKind::Character: {
        char c = found->id[KeyPrefix.size()];
        const bool letter = isAsciiLower(c);
        if (letter && m_shift != ShiftState::Off) c = static_cast<char>(c - 'a' + 'A');
        const InputResult r = feed(static_cast<char32_t>(c), false);
        if (r == InputResult::Applied && letter && m_shift == ShiftState::Once) m_shift = ShiftState::Off;
        return r;
    }
    case KeyKind::Space: return feed(U' ', false);
    case KeyKind::Backspace: return feed(0, true);
    case KeyKind::Shift:
        m_shift = m_shift == ShiftState::Off    ? ShiftState::Once
                  : m_shift == ShiftState::Once ? ShiftState::Caps
                                                : ShiftState::Off;
        m_refused = false;
        return InputResult::Applied;
    case KeyKind::Language: setVietnamese(!vietnamese()); return InputResult::Applied;
    case KeyKind::Page:
        m_page = m_page == KeyboardPage::Letters ? KeyboardPage::Numbers : KeyboardPage::Letters;
        m_refused = false;
        return InputResult::Applied;
    case KeyKind::Letter: {
        for (const LetterKey& l : LetterKeys) {
            if (found->id.substr(KeyPrefix.size()) != l.lower) continue;
            const char32_t c = m_shift != ShiftState::Off ? l.upperCp : l.lowerCp;
            const InputResult r = apply([c](TelexEngine& e) { return e.directLetter(c); }, true);
            if (r == InputResult::Applied && m_shift == ShiftState::Once) m_shift = ShiftState::Off;
            return r;
        }
        return InputResult::Ignored;
    }
    case KeyKind::Tone:
        for (const ToneKey& t : ToneKeys)
            if (found->id == t.id) return apply([&t](TelexEngine& e) { return e.directTone(t.tone); }, true);
        return InputResult::Ignored;
    case KeyKind::Undo: {
        if (!m_undo) return InputResult::Ignored;
        m_engine = m_undo->engine;
        m_storedLength = m_undo->storedLength;
        m_shift = m_undo->shift;
        m_undo.reset();
        m_refused = false;
        return InputResult::Applied;
    }
    case KeyKind::Clear:
        // Only a text can be brought back: clearing nothing leaves an earlier undo as it was.
        if (!m_engine.text().empty())
            m_undo = std::make_shared<const Cleared>(Cleared{m_engine, m_storedLength, m_shift});
        m_engine.clear();
        m_shift = ShiftState::Off;
        recount();
        m_refused = false;
        return InputResult::Applied;
    case KeyKind::Done: return typeEnter();
    case KeyKind::Skip: return InputResult::Skip;
    }
    return InputResult::Ignored;
}

InputResult CommentInput::insertPhrase(std::string_view utf8) {
    const std::u32string phrase = utf8ToCodePoints(std::string(utf8));
    if (phrase.empty()) return InputResult::Ignored;
    const InputResult r = apply(
        [&phrase](TelexEngine& e) {
            e.commit();  // the word being typed ends here, as at a word break
            const std::u32string before = utf8ToCodePoints(e.text());
            std::u32string add;
            if (!before.empty()) {
                const char32_t last = before.back();
                const bool space = last == U' ' || last == U'\n' || last == U'\t';
                const bool punct = std::u32string_view(U".,;:!?)…-").find(last) != std::u32string_view::npos;
                add = space ? U"" : punct ? U" " : U", ";
            }
            e.insertText(add + phrase);
            return true;
        },
        true);
    if (r == InputResult::Applied) m_undo.reset();
    return r;
}

void CommentInput::setVietnamese(bool on) {
    // Finishes the word being typed; the stored length already counts it finished.
    TelexOptions o = m_engine.options();
    o.vietnamese = on;
    m_engine.setOptions(o);
    recount();
    m_refused = false;
    m_undo.reset();
}

// [SECTION] Physical keys

InputResult CommentInput::typeChar(char32_t c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
        return InputResult::Ignored;
    return feed(c, false);
}

InputResult CommentInput::typeBackspace() { return feed(0, true); }

InputResult CommentInput::typeEnter() {
    m_engine.commit();
    recount();
    m_refused = false;
    return InputResult::Done;
}

// [SECTION] Text and limit

std::string CommentInput::comment() const {
    TelexEngine finished = m_engine;
    finished.commit();
    std::string s = finished.text();
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

InputResult CommentInput::feed(char32_t c, bool backspace) {
    // Try the key on a copy (a few hundred code points): the engine has no undo, and whether
    // a key lengthens the text (a cancel, a raw restore) is the engine's business.
    const InputResult r = apply(
        [c, backspace](TelexEngine& e) {
            if (backspace) e.backspace();
            else e.key(c);
            return true;
        },
        !backspace);
    if (r == InputResult::Applied) m_undo.reset();
    return r;
}

template <class Op>
InputResult CommentInput::apply(Op op, bool lengthens) {
    TelexEngine next = m_engine;
    if (!op(next)) return InputResult::Ignored;
    TelexEngine finished = next;
    finished.commit();
    const std::size_t stored = std::max(next.lengthInCodePoints(), finished.lengthInCodePoints());
    if (lengthens && stored > m_maxLength) {
        m_refused = true;
        return InputResult::Refused;
    }
    m_engine = std::move(next);
    m_storedLength = stored;
    m_refused = false;
    return InputResult::Applied;
}

void CommentInput::recount() {
    TelexEngine finished = m_engine;
    finished.commit();
    m_storedLength = std::max(m_engine.lengthInCodePoints(), finished.lengthInCodePoints());
}

}  // namespace hailong::core
