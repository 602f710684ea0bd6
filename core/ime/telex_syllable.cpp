// Vietnamese syllable grammar and letter tables for the input engine (telex.cpp): onsets,
// nuclei with the codas they take, tone placement, precomposed code points.
// [SECTION] Letters and code points
// [SECTION] Grammar tables
// [SECTION] Matching a word against the grammar
// [SECTION] Locating the nucleus and placing the tone
#include "ime/telex.h"

#include <array>
#include <iterator>

namespace hailong::core::telex {

using Mark = TelexEngine::Mark;
using Tone = TelexEngine::Tone;

// [SECTION] Letters and code points

namespace {

// Rows: a ă â e ê i o ô ơ u ư y; columns: no tone, huyền, sắc, hỏi, ngã, nặng.
constexpr std::array<std::u32string_view, 12> LowerVowels = {U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ",
                                                             U"êềếểễệ", U"iìíỉĩị", U"oòóỏõọ", U"ôồốổỗộ",
                                                             U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ"};
constexpr std::array<std::u32string_view, 12> UpperVowels = {U"AÀÁẢÃẠ", U"ĂẰẮẲẴẶ", U"ÂẦẤẨẪẬ", U"EÈÉẺẼẸ",
                                                             U"ÊỀẾỂỄỆ", U"IÌÍỈĨỊ", U"OÒÓỎÕỌ", U"ÔỒỐỔỖỘ",
                                                             U"ƠỜỚỞỠỢ", U"UÙÚỦŨỤ", U"ƯỪỨỬỮỰ", U"YỲÝỶỸỴ"};

int vowelRow(char32_t ch, Mark mark) {
    switch (ch) {
    case U'a': return mark == Mark::Breve ? 1 : mark == Mark::Circumflex ? 2 : 0;
    case U'e': return mark == Mark::Circumflex ? 4 : 3;
    case U'i': return 5;
    case U'o': return mark == Mark::Circumflex ? 7 : mark == Mark::Horn ? 8 : 6;
    case U'u': return mark == Mark::Horn ? 10 : 9;
    case U'y': return 11;
    default: return -1;
    }
}

}  // namespace

bool isVowel(char32_t ch) { return ch == U'a' || ch == U'e' || ch == U'i' || ch == U'o' || ch == U'u' || ch == U'y'; }

char32_t markedLower(const Letter& l) {
    const int row = vowelRow(l.ch, l.mark);
    if (row >= 0) return LowerVowels[static_cast<std::size_t>(row)][0];
    if (l.ch == U'd' && l.mark == Mark::Stroke) return U'đ';
    return l.ch;
}

char32_t render(const Letter& l, Tone tone) {
    const int row = vowelRow(l.ch, l.mark);
    if (row >= 0) {
        const auto& table = l.upper ? UpperVowels : LowerVowels;
        return table[static_cast<std::size_t>(row)][static_cast<std::size_t>(tone)];
    }
    if (l.ch == U'd' && l.mark == Mark::Stroke) return l.upper ? U'Đ' : U'đ';
    if (l.upper && l.ch >= U'a' && l.ch <= U'z') return l.ch - U'a' + U'A';
    return l.ch;
}

std::u32string markedWord(const std::vector<Letter>& letters, std::size_t from, std::size_t to) {
    std::u32string out;
    for (std::size_t i = from; i < to && i < letters.size(); ++i) out.push_back(markedLower(letters[i]));
    return out;
}

std::u32string skeletonWord(const std::vector<Letter>& letters) {
    std::u32string out;
    for (const Letter& l : letters) out.push_back(l.ch);
    return out;
}

// [SECTION] Grammar tables

namespace {

constexpr std::u32string_view Onsets[] = {U"",   U"b",  U"c", U"ch", U"d",  U"đ",  U"g",   U"gh", U"gi", U"h",
                                          U"k",  U"kh", U"l", U"m",  U"n",  U"ng", U"ngh", U"nh", U"p",  U"ph",
                                          U"qu", U"r",  U"s", U"t",  U"th", U"tr", U"v",   U"x"};

constexpr std::u32string_view Codas[] = {U"c", U"ch", U"m", U"n", U"ng", U"nh", U"p", U"t"};
enum : unsigned { C = 1, CH = 2, M = 4, N = 8, NG = 16, NH = 32, P = 64, T = 128 };

struct Nucleus {
    std::u32string_view text;
    bool open;       // may end the syllable
    unsigned codas;  // the codas it takes
};

// Marked nuclei (lowercase, no tone) with the codas they take; from the rules document §6 and
// UniKey's VCPairList. ă â iê yê uô ươ uyê oă uâ oo need a coda (or are followed by a semivowel,
// which makes them a three-vowel nucleus listed separately).
constexpr unsigned Plain = C | M | N | NG | P | T;
constexpr Nucleus Nuclei[] = {
    {U"a", true, Plain | CH | NH},
    {U"ă", false, Plain},
    {U"â", false, Plain},
    {U"e", true, Plain},
    {U"ê", true, CH | M | N | NH | P | T},
    {U"i", true, CH | M | N | NH | P | T},
    {U"o", true, Plain},
    {U"ô", true, Plain},
    {U"ơ", true, M | N | P | T},
    {U"u", true, Plain},
    {U"ư", true, C | M | N | NG | T},
    {U"y", true, CH | N | NH | P | T},
    {U"ai", true, 0},
    {U"ao", true, 0},
    {U"au", true, 0},
    {U"ay", true, 0},
    {U"âu", true, 0},
    {U"ây", true, 0},
    {U"eo", true, 0},
    {U"êu", true, 0},
    {U"ia", true, 0},
    {U"iê", false, Plain},
    {U"iu", true, 0},
    {U"oa", true, Plain | CH | NH},
    {U"oă", false, C | M | N | NG | T},
    {U"oe", true, N | T},
    {U"oi", true, 0},
    {U"ôi", true, 0},
    {U"ơi", true, 0},
    {U"oo", false, C | NG},
    {U"ua", true, 0},
    {U"uâ", false, N | NG | T},
    {U"uê", true, CH | NH},
    {U"ui", true, 0},
    {U"uô", false, Plain},
    {U"uơ", true, 0},
    {U"uy", true, C | CH | N | NH | P | T},
    {U"ưa", true, 0},
    {U"ưi", true, 0},
    {U"ươ", false, Plain},
    {U"ưu", true, 0},
    {U"yê", false, Plain},
    {U"iêu", true, 0},
    {U"oai", true, 0},
    {U"oay", true, 0},
    {U"oeo", true, 0},
    {U"uây", true, 0},
    {U"uôi", true, 0},
    {U"uya", true, 0},
    {U"uyê", false, N | T},
    {U"uyu", true, 0},
    {U"ươi", true, 0},
    {U"ươu", true, 0},
    {U"yêu", true, 0},
};

char32_t strip(char32_t ch) {
    switch (ch) {
    case U'ă':
    case U'â': return U'a';
    case U'ê': return U'e';
    case U'ô':
    case U'ơ': return U'o';
    case U'ư': return U'u';
    case U'đ': return U'd';
    default: return ch;
    }
}

bool equalAs(std::u32string_view table, std::u32string_view word, std::size_t n, bool stripped) {
    if (table.size() < n || word.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const char32_t a = stripped ? strip(table[i]) : table[i];
        if (a != word[i]) return false;
    }
    return true;
}

bool isStop(std::u32string_view coda) {
    return !coda.empty() && (coda[0] == U'c' || coda[0] == U'p' || coda[0] == U't');
}

bool toneFitsCoda(Tone tone, std::u32string_view coda) {
    return !isStop(coda) || tone == Tone::None || tone == Tone::Acute || tone == Tone::Dot;
}

template <typename F>
bool anyNucleus(F&& f) {
    for (const Nucleus& n : Nuclei)
        if (f(n)) return true;
    return false;
}

}  // namespace

// [SECTION] Matching a word against the grammar

bool matches(std::u32string_view word, bool stripped, bool prefix, Tone tone) {
    for (const std::u32string_view onset : Onsets) {
        if (stripped && onset == U"đ") continue;
        if (onset.size() > word.size()) {
            if (prefix && equalAs(onset, word, word.size(), stripped)) return true;
            continue;
        }
        if (!equalAs(onset, word, onset.size(), stripped)) continue;
        const std::u32string_view rest = word.substr(onset.size());
        std::size_t v = 0;
        while (v < rest.size() && isVowel(strip(rest[v]))) ++v;
        const std::u32string_view vowels = rest.substr(0, v);
        const std::u32string_view coda = rest.substr(v);
        if (vowels.empty()) {
            if (coda.empty() && prefix) return true;
            continue;
        }
        // After qu the nucleus cannot start with u/ư; gi takes no second i.
        if (onset == U"qu" && strip(vowels[0]) == U'u') continue;
        if (onset == U"gi" && vowels[0] == U'i') continue;
        const bool found = anyNucleus([&](const Nucleus& n) {
            if (coda.empty()) {
                if (prefix) return equalAs(n.text, vowels, vowels.size(), stripped);
                return n.open && n.text.size() == vowels.size() && equalAs(n.text, vowels, vowels.size(), stripped);
            }
            if (n.text.size() != vowels.size() || !equalAs(n.text, vowels, vowels.size(), stripped)) return false;
            for (std::size_t k = 0; k < std::size(Codas); ++k) {
                if ((n.codas & (1u << k)) == 0) continue;
                const std::u32string_view full = Codas[k];
                const bool codaOk = prefix ? (full.size() >= coda.size() && full.substr(0, coda.size()) == coda)
                                           : full == coda;
                if (codaOk && toneFitsCoda(tone, coda)) return true;
            }
            return false;
        });
        if (found) return true;
    }
    return false;
}

bool isOnset(std::u32string_view word) {
    for (const std::u32string_view onset : Onsets)
        if (onset == word) return true;
    return false;
}

// [SECTION] Locating the nucleus and placing the tone

Parts locate(const std::vector<Letter>& letters) {
    const std::size_t n = letters.size();
    std::size_t c = 0;
    while (c < n && !isVowel(letters[c].ch)) ++c;
    Parts p{c, c};
    // qu and gi are onsets when another vowel follows (quá, già); gì, gìn keep i as the vowel.
    if (c + 1 < n && isVowel(letters[c + 1].ch)) {
        const bool qu = c >= 1 && letters[c - 1].ch == U'q' && letters[c].ch == U'u' && letters[c].mark == Mark::None;
        const bool gi = c == 1 && letters[0].ch == U'g' && letters[c].ch == U'i';
        if (qu || gi) p.onsetEnd = p.nucleusEnd = c + 1;
    }
    while (p.nucleusEnd < n && isVowel(letters[p.nucleusEnd].ch)) ++p.nucleusEnd;
    return p;
}

int tonePosition(const std::vector<Letter>& letters, bool modernStyle) {
    const Parts p = locate(letters);
    const std::size_t s = p.onsetEnd;
    const std::size_t e = p.nucleusEnd;
    if (s == e) {
        for (std::size_t i = letters.size(); i-- > 0;)
            if (isVowel(letters[i].ch)) return static_cast<int>(i);
        return -1;
    }
    for (std::size_t i = e; i-- > s;) {
        const Mark m = letters[i].mark;
        if (m == Mark::Circumflex || m == Mark::Breve || m == Mark::Horn) return static_cast<int>(i);
    }
    const std::size_t size = e - s;
    if (size == 1) return static_cast<int>(s);
    if (size >= 3) return static_cast<int>(s + 1);
    const char32_t a = letters[s].ch;
    const char32_t b = letters[s + 1].ch;
    const bool closed = e < letters.size();
    const bool second = closed || (a == U'o' && b == U'o') ||
                        (modernStyle && ((a == U'o' && (b == U'a' || b == U'e')) || (a == U'u' && b == U'y')));
    return static_cast<int>(second ? s + 1 : s);
}

}  // namespace hailong::core::telex
