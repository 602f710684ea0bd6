// The input engine: keys in, text out (rules: shared/docs/telex-rules.md). The grammar and the
// letter tables are in telex_syllable.cpp.
// [SECTION] Keys
// [SECTION] Mark and tone keys
// [SECTION] Direct keys
// [SECTION] Word break, backspace, text
// [SECTION] UTF-8 and typeKeys
//
// The state of the composing word is a list of letters (base key letter, mark, case) plus one
// tone for the syllable. Keys change that list; the display is derived from it after every key
// (the tone is placed afresh each time), so late tones, backspace and case stay deterministic.
// The raw keys are kept beside it for the restore at the word break.
#include "ime/telex.h"

#include <algorithm>

namespace hailong::core {

using telex::isVowel;
using Mark = TelexEngine::Mark;
using Tone = TelexEngine::Tone;

namespace {

bool isAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

char32_t toLowerAscii(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

bool isStopCoda(std::u32string_view coda) {
    return !coda.empty() && (coda[0] == U'c' || coda[0] == U'p' || coda[0] == U't');
}

}  // namespace

TelexEngine::TelexEngine(TelexOptions options) : m_options(options) {}

void TelexEngine::setOptions(TelexOptions options) {
    commit();
    m_options = options;
}

// [SECTION] Keys

void TelexEngine::key(char32_t c) {
    if (!m_options.vietnamese) {
        commit();
        m_committed.push_back(c);
        return;
    }
    if (isAsciiLetter(c)) {
        letterKey(c);
        return;
    }
    // VNI: a digit right after a letter is a key (A1 -> Á); after a space it is literal.
    if (m_options.vni && c >= U'0' && c <= U'9' && !m_letters.empty()) {
        vniKey(c);
        return;
    }
    commit();
    m_committed.push_back(c);
}

void TelexEngine::letterKey(char32_t c) {
    const char32_t lower = toLowerAscii(c);
    const bool upper = lower != c;
    m_raw.push_back(RawKey{c, -1, -1, false});
    if (m_dead || m_options.vni) {
        appendLiteral(lower, upper);
    } else {
        switch (lower) {
        case U's': toneKey(Tone::Acute, lower, upper); break;
        case U'f': toneKey(Tone::Grave, lower, upper); break;
        case U'r': toneKey(Tone::Hook, lower, upper); break;
        case U'x': toneKey(Tone::Tilde, lower, upper); break;
        case U'j': toneKey(Tone::Dot, lower, upper); break;
        case U'z': removeToneKey(lower, upper); break;
        case U'a':
        case U'e':
        case U'o': circumflexKey(lower, upper, false); break;
        case U'w': hornKey(lower, upper, true); break;
        case U'd': strokeKey(lower, upper); break;
        default: appendLiteral(lower, upper); break;
        }
    }
    afterKey();
}

void TelexEngine::vniKey(char32_t c) {
    m_raw.push_back(RawKey{c, -1, -1, false});
    if (m_dead) {
        appendLiteral(c, false);
    } else {
        switch (c) {
        case U'1': toneKey(Tone::Acute, c, false); break;
        case U'2': toneKey(Tone::Grave, c, false); break;
        case U'3': toneKey(Tone::Hook, c, false); break;
        case U'4': toneKey(Tone::Tilde, c, false); break;
        case U'5': toneKey(Tone::Dot, c, false); break;
        case U'0': removeToneKey(c, false); break;
        case U'6': circumflexKey(c, false, true); break;
        case U'7': hornKey(c, false, false); break;
        case U'8': breveKey(c, false); break;
        case U'9': strokeKey(c, false); break;
        default: appendLiteral(c, false); break;
        }
    }
    afterKey();
}

void TelexEngine::appendLiteral(char32_t lower, bool upper) { appendLetter(Letter{lower, Mark::None, upper, false}); }

void TelexEngine::appendLetter(Letter letter) {
    m_letters.push_back(letter);
    m_raw.back().letter = static_cast<int>(m_letters.size() - 1);
    if (m_dead || !telex::matches(telex::skeletonWord(m_letters), true, true, Tone::None)) return;
    // Auto-horn: ưo or uơ followed by a further letter becomes ươ (nuwocs -> nước, thuowng -> thương).
    const telex::Parts p = telex::locate(m_letters);
    for (std::size_t i = p.onsetEnd; i + 1 < p.nucleusEnd; ++i) {
        Letter& u = m_letters[i];
        Letter& o = m_letters[i + 1];
        if (u.ch != U'u' || o.ch != U'o' || i + 2 >= m_letters.size()) continue;
        if ((u.mark == Mark::Horn && o.mark == Mark::None) || (u.mark == Mark::None && o.mark == Mark::Horn)) {
            u.mark = Mark::Horn;
            o.mark = Mark::Horn;
        }
    }
}

void TelexEngine::afterKey() { m_dead = !telex::matches(telex::skeletonWord(m_letters), true, true, Tone::None); }

// [SECTION] Mark and tone keys

void TelexEngine::toneKey(Tone t, char32_t lower, bool upper) {
    const bool hasVowel = std::any_of(m_letters.begin(), m_letters.end(),
                                      [](const Letter& l) { return isVowel(l.ch); });
    if (!hasVowel) {
        appendLiteral(lower, upper);
        return;
    }
    if (m_tone == t) {  // repeated tone key: cancel, the key becomes a letter (ass -> as)
        m_tone = Tone::None;
        m_raw.back().tone = true;
        appendLiteral(lower, upper);
        return;
    }
    // c ch p t take only sắc or nặng: f r x there are letters (hocf stays raw).
    const telex::Parts p = telex::locate(m_letters);
    const std::u32string coda = telex::markedWord(m_letters, p.nucleusEnd, m_letters.size());
    if (isStopCoda(coda) && (t == Tone::Grave || t == Tone::Hook || t == Tone::Tilde)) {
        appendLiteral(lower, upper);
        return;
    }
    m_tone = t;
    m_raw.back().tone = true;
}

void TelexEngine::removeToneKey(char32_t lower, bool upper) {
    if (m_tone == Tone::None) {
        appendLiteral(lower, upper);
        return;
    }
    m_tone = Tone::None;
    m_raw.back().tone = true;
}

void TelexEngine::cancelMark(std::size_t index, char32_t lower, bool upper) {
    Letter& l = m_letters[index];
    m_raw.back().target = static_cast<int>(index);
    if (l.fromW && l.mark == Mark::Horn) {  // ww -> w: the ư typed as w becomes that w again
        l = Letter{U'w', Mark::None, l.upper, false};
        return;
    }
    l.mark = Mark::None;
    l.fromW = false;
    appendLiteral(lower, upper);
}

void TelexEngine::circumflexKey(char32_t lower, bool upper, bool anyOfAeo) {
    for (std::size_t i = m_letters.size(); i-- > 0;) {
        const char32_t ch = m_letters[i].ch;
        const bool target = anyOfAeo ? (ch == U'a' || ch == U'e' || ch == U'o') : ch == lower;
        if (!target) continue;
        if (m_letters[i].mark == Mark::Circumflex) {
            cancelMark(i, lower, upper);
            return;
        }
        const std::vector<Letter> before = m_letters;
        const bool wasHorn = m_letters[i].mark == Mark::Horn;
        m_letters[i].mark = Mark::Circumflex;
        // ươ + o -> uô
        if (ch == U'o' && wasHorn && i > 0 && m_letters[i - 1].ch == U'u' && m_letters[i - 1].mark == Mark::Horn) {
            m_letters[i - 1].mark = Mark::None;
            m_letters[i - 1].fromW = false;
        }
        if (telex::matches(telex::markedWord(m_letters, 0, m_letters.size()), false, true, Tone::None)) {
            m_raw.back().target = static_cast<int>(i);
            return;
        }
        m_letters = before;  // no valid vowel group with it: the key is a letter
        break;
    }
    appendLiteral(lower, upper);
}

void TelexEngine::hornKey(char32_t lower, bool upper, bool telexKey) {
    const telex::Parts p = telex::locate(m_letters);
    // Rule 1: a u+o pair becomes ươ, or uơ when the syllable ends at the o after h, kh, th or no onset.
    for (std::size_t i = p.onsetEnd; i + 1 < p.nucleusEnd; ++i) {
        Letter& u = m_letters[i];
        Letter& o = m_letters[i + 1];
        if (u.ch != U'u' || o.ch != U'o') continue;
        const std::u32string onset = telex::markedWord(m_letters, 0, p.onsetEnd);
        const bool endsAtO = i + 2 == m_letters.size();
        const bool open = endsAtO && (onset.empty() || onset == U"h" || onset == U"kh" || onset == U"th");
        const Mark wantU = open ? Mark::None : Mark::Horn;
        m_raw.back().target = static_cast<int>(i + 1);
        if (u.mark == wantU && o.mark == Mark::Horn) {  // already done: cancel
            u.mark = Mark::None;
            u.fromW = false;
            o.mark = Mark::None;
            appendLiteral(lower, upper);
            return;
        }
        if (wantU == Mark::None) u.fromW = false;
        u.mark = wantU;
        o.mark = Mark::Horn;
        return;
    }
    // Rule 2: the rightmost u/o (a: breve, Telex only) whose mark keeps a valid vowel group.
    for (std::size_t i = p.nucleusEnd; i-- > p.onsetEnd;) {
        Letter& l = m_letters[i];
        const bool a = telexKey && l.ch == U'a';
        if (l.ch != U'u' && l.ch != U'o' && !a) continue;
        const Mark want = a ? Mark::Breve : Mark::Horn;
        if (l.mark == want) {
            cancelMark(i, lower, upper);
            return;
        }
        const Mark old = l.mark;
        l.mark = want;
        if (telex::matches(telex::markedWord(m_letters, 0, m_letters.size()), false, true, Tone::None)) {
            m_raw.back().target = static_cast<int>(i);
            return;
        }
        l.mark = old;
    }
    // Rule 3 (Telex): a lone w gives ư at the word start or after an onset (w, nhw, giwx).
    if (telexKey) {
        const std::u32string word = telex::markedWord(m_letters, 0, m_letters.size());
        if (telex::isOnset(word) && telex::matches(word + U"ư", false, true, Tone::None)) {
            m_letters.push_back(Letter{U'u', Mark::Horn, upper, true});
            m_raw.back().letter = static_cast<int>(m_letters.size() - 1);
            return;
        }
    }
    appendLiteral(lower, upper);
}

void TelexEngine::breveKey(char32_t lower, bool upper) {
    for (std::size_t i = m_letters.size(); i-- > 0;) {
        Letter& l = m_letters[i];
        if (l.ch != U'a') continue;
        if (l.mark == Mark::Breve) {
            cancelMark(i, lower, upper);
            return;
        }
        const Mark old = l.mark;
        l.mark = Mark::Breve;
        if (telex::matches(telex::markedWord(m_letters, 0, m_letters.size()), false, true, Tone::None)) {
            m_raw.back().target = static_cast<int>(i);
            return;
        }
        l.mark = old;
        break;
    }
    appendLiteral(lower, upper);
}

void TelexEngine::strokeKey(char32_t lower, bool upper) {
    // Only a single-d onset takes the stroke, even when d comes later (duowcjd -> được).
    const bool singleD = !m_letters.empty() && m_letters[0].ch == U'd' &&
                         (m_letters.size() == 1 || isVowel(m_letters[1].ch));
    if (!singleD) {
        appendLiteral(lower, upper);
        return;
    }
    if (m_letters[0].mark == Mark::Stroke) {
        cancelMark(0, lower, upper);
        return;
    }
    m_letters[0].mark = Mark::Stroke;
    m_raw.back().target = 0;
}

// [SECTION] Direct keys

namespace {

struct DirectLetter {
    char32_t lower, upper, base;
    Mark mark;
};
constexpr DirectLetter DirectLetters[] = {
    {U'ă', U'Ă', U'a', Mark::Breve},      {U'â', U'Â', U'a', Mark::Circumflex}, {U'đ', U'Đ', U'd', Mark::Stroke},
    {U'ê', U'Ê', U'e', Mark::Circumflex}, {U'ô', U'Ô', U'o', Mark::Circumflex}, {U'ơ', U'Ơ', U'o', Mark::Horn},
    {U'ư', U'Ư', U'u', Mark::Horn},
};

/// The vowel letter (with its mark and case) and tone of a precomposed code point, if it is a
/// Vietnamese vowel: found by rendering every vowel, so it agrees with what the engine shows.
bool decomposeVowel(char32_t cp, TelexEngine::Letter& letter, Tone& tone) {
    for (const char32_t ch : std::u32string_view(U"aeiouy"))
        for (const Mark m : {Mark::None, Mark::Circumflex, Mark::Breve, Mark::Horn})
            for (const bool upper : {false, true}) {
                const TelexEngine::Letter l{ch, m, upper, false};
                if (telex::render(l, Tone::Acute) == telex::render(l, Tone::None)) continue;  // no such vowel
                for (const Tone t : {Tone::None, Tone::Grave, Tone::Acute, Tone::Hook, Tone::Tilde, Tone::Dot})
                    if (telex::render(l, t) == cp) {
                        letter = l;
                        tone = t;
                        return true;
                    }
            }
    return false;
}

}  // namespace

bool TelexEngine::directLetter(char32_t c) {
    const DirectLetter* found = nullptr;
    for (const DirectLetter& d : DirectLetters)
        if (d.lower == c || d.upper == c) found = &d;
    if (!found) return false;
    if (!m_options.vietnamese) {
        commit();
        m_committed.push_back(c);
        return true;
    }
    RawKey raw{c, -1, -1, false};
    raw.direct = true;
    m_raw.push_back(raw);
    appendLetter(Letter{found->base, found->mark, c == found->upper, false});
    afterKey();
    return true;
}

bool TelexEngine::directTone(Tone t) {
    if (!m_options.vietnamese) {
        if (!m_letters.empty() || m_committed.empty()) return false;
        Letter l;
        Tone old = Tone::None;
        if (!decomposeVowel(m_committed.back(), l, old)) return false;
        m_committed.back() = telex::render(l, old == t ? Tone::None : t);
        return true;
    }
    const bool hasVowel = std::any_of(m_letters.begin(), m_letters.end(),
                                      [](const Letter& l) { return isVowel(l.ch); });
    if (!hasVowel || telex::tonePosition(m_letters, m_options.modernToneStyle) < 0) return false;
    const Tone next = m_tone == t ? Tone::None : t;
    // c ch p t take only sắc or nặng (the same rule as the Telex tone keys).
    const telex::Parts p = telex::locate(m_letters);
    const std::u32string coda = telex::markedWord(m_letters, p.nucleusEnd, m_letters.size());
    if (isStopCoda(coda) && (next == Tone::Grave || next == Tone::Hook || next == Tone::Tilde)) return false;
    if (next == m_tone) return false;  // Tone::None asked of a word without a tone
    RawKey raw{0, -1, -1, true};
    raw.direct = true;
    m_raw.push_back(raw);
    m_tone = next;
    return true;
}

void TelexEngine::insertText(std::u32string_view text) {
    commit();
    m_committed += text;
}

// [SECTION] Word break, backspace, text

void TelexEngine::commit() {
    if (m_letters.empty()) return;
    const bool shows = m_tone != Tone::None || std::any_of(m_letters.begin(), m_letters.end(),
                                                           [](const Letter& l) { return l.mark != Mark::None; });
    // Kept: a syllable or the start of one, with its marks (aa -> â, vieetj{BS} -> việ, dd -> đ);
    // restored: anything else that shows a mark or tone (tiesng, khoongg, text).
    const bool valid = !m_dead &&
                       telex::matches(telex::markedWord(m_letters, 0, m_letters.size()), false, true, m_tone);
    const bool direct = std::any_of(m_raw.begin(), m_raw.end(), [](const RawKey& k) { return k.direct; });
    if (!valid && shows && !direct) {
        for (const RawKey& k : m_raw) m_committed.push_back(k.key);
    } else {
        m_committed += display();
    }
    m_letters.clear();
    m_raw.clear();
    m_tone = Tone::None;
    m_dead = false;
}

void TelexEngine::backspace() {
    if (m_letters.empty()) {
        if (!m_committed.empty()) m_committed.pop_back();
        return;
    }
    const int last = static_cast<int>(m_letters.size() - 1);
    // The tone goes with the letter that carries it; otherwise it stays and is placed again.
    if (m_tone != Tone::None && telex::tonePosition(m_letters, m_options.modernToneStyle) == last) {
        m_tone = Tone::None;
        m_raw.erase(std::remove_if(m_raw.begin(), m_raw.end(), [](const RawKey& k) { return k.tone; }), m_raw.end());
    }
    m_letters.pop_back();
    m_raw.erase(std::remove_if(m_raw.begin(), m_raw.end(),
                               [last](const RawKey& k) { return k.letter == last || k.target == last; }),
                m_raw.end());
    if (m_letters.empty()) {
        m_raw.clear();
        m_tone = Tone::None;
        m_dead = false;
        return;
    }
    afterKey();
}

void TelexEngine::clear() {
    m_committed.clear();
    m_letters.clear();
    m_raw.clear();
    m_tone = Tone::None;
    m_dead = false;
}

std::u32string TelexEngine::display() const {
    std::u32string out;
    out.reserve(m_letters.size());
    const int carrier = m_tone == Tone::None ? -1 : telex::tonePosition(m_letters, m_options.modernToneStyle);
    for (std::size_t i = 0; i < m_letters.size(); ++i)
        out.push_back(telex::render(m_letters[i], static_cast<int>(i) == carrier ? m_tone : Tone::None));
    return out;
}

std::string TelexEngine::text() const { return codePointsToUtf8(m_committed + display()); }

std::string TelexEngine::composing() const { return codePointsToUtf8(display()); }

std::size_t TelexEngine::lengthInCodePoints() const { return m_committed.size() + m_letters.size(); }

// [SECTION] UTF-8 and typeKeys

std::u32string utf8ToCodePoints(const std::string& utf8) {
    std::u32string out;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto b0 = static_cast<unsigned char>(utf8[i]);
        std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > utf8.size()) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(utf8[i + k]);
            if ((b & 0xC0u) != 0x80u) ok = false;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (!ok) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string codePointsToUtf8(const std::u32string& text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (const char32_t cp : text) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

std::string typeKeys(const std::string& keysUtf8, TelexOptions options) {
    TelexEngine engine(options);
    const std::u32string keys = utf8ToCodePoints(keysUtf8);
    const std::u32string bs = U"{BS}";
    for (std::size_t i = 0; i < keys.size();) {
        if (keys.compare(i, bs.size(), bs) == 0) {
            engine.backspace();
            i += bs.size();
        } else {
            engine.key(keys[i]);
            ++i;
        }
    }
    engine.commit();
    return engine.text();
}

}  // namespace hailong::core
