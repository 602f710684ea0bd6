// Property test of the input engine (issue 6): random Vietnamese sentences made from the syllable
// grammar of shared/docs/telex-rules.md §6 (onset + rhyme + tone, with the placement of §3
// computed here independently of the engine), typed as Telex keys and as VNI keys by a generator
// that uses free marking (marks right after their letter or all at the end of the word, the tone
// key anywhere after the first vowel), random key case for mark and tone keys, and word case
// (lower, Capitalised, ALL CAPS). The engine must give the precomposed sentence back.
#include "ime/telex.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace hailong::core;

namespace {

// [SECTION] The syllable grammar

const char* const Onsets[] = {"",  "b",  "c",   "ch", "d", "đ",  "g",  "gh", "gi", "h", "k",  "kh", "l", "m",
                              "n", "ng", "ngh", "nh", "p", "ph", "qu", "r",  "s",  "t", "th", "tr", "v", "x"};

// Rhymes (nucleus + coda) in precomposed lowercase without tone. Open ă â iê yê uô ươ uyê do not
// occur (they need a coda or semivowel), as the rules require.
const char* const Rhymes[] = {
    "a",    "ai",   "ao",   "au",   "ay",  "am",  "an",  "ang", "anh",  "ap",   "at",   "ac",   "ach",  "ăm",
    "ăn",   "ăng",  "ăp",   "ăt",   "ăc",  "âm",  "ân",  "âng", "âp",   "ât",   "âc",   "âu",   "ây",   "e",
    "eo",   "em",   "en",   "eng",  "ep",  "et",  "ec",  "ê",   "êu",   "êm",   "ên",   "ênh",  "êp",   "êt",
    "êch",  "i",    "ia",   "iu",   "im",  "in",  "inh", "ip",  "it",   "ich",  "iêm",  "iên",  "iêng", "iêp",
    "iêt",  "iêc",  "iêu",  "o",    "oa",  "oai", "oay", "oan", "oang", "oanh", "oat",  "oac",  "oach", "oăn",
    "oăng", "oăt",  "oăc",  "oe",   "oen", "oet", "oeo", "oi",  "om",   "on",   "ong",  "op",   "ot",   "oc",
    "oong", "ooc",  "ô",    "ôi",   "ôm",  "ôn",  "ông", "ôp",  "ôt",   "ôc",   "ơ",    "ơi",   "ơm",   "ơn",
    "ơp",   "ơt",   "u",    "ua",   "ui",  "um",  "un",  "ung", "up",   "ut",   "uc",   "uân",  "uât",  "uâng",
    "uây",  "uê",   "uênh", "uêch", "uy",  "uya", "uyu", "uyt", "uynh", "uych", "uyên", "uyêt", "uôi",  "uôm",
    "uôn",  "uông", "uôt",  "uôc",  "uơ",  "ư",   "ưa",  "ưi",  "ưu",   "ưng",  "ưt",   "ưc",   "ươi",  "ươu",
    "ươm",  "ươn",  "ương", "ươp",  "ươt", "ươc", "y",   "yêm", "yên",  "yêt",  "yêu"};

bool startsWithAny(const std::u32string& s, std::u32string_view firsts) {
    return !s.empty() && firsts.find(s[0]) != std::u32string_view::npos;
}

/// Whether onset + rhyme is a syllable as Vietnamese spelling writes it (the engine is looser:
/// this keeps the generated text real-looking and free of the gi/qu ambiguities).
bool goesWith(const std::u32string& onset, const std::u32string& rhyme) {
    const std::u32string_view front = U"eêiy";
    const bool frontRhyme = startsWithAny(rhyme, front);
    if (rhyme.rfind(U"yê", 0) == 0) return onset.empty();  // yên, yêu (after u it is uyê)
    if (rhyme.rfind(U"iê", 0) == 0 && onset.empty()) return false;
    if (rhyme == U"uơ") return onset.empty() || onset == U"h" || onset == U"kh" || onset == U"th";
    if (onset == U"k" || onset == U"gh" || onset == U"ngh") return frontRhyme;
    if (onset == U"c" || onset == U"ng") return !frontRhyme;
    if (onset == U"g") return !frontRhyme || rhyme == U"i" || rhyme == U"in" || rhyme == U"inh";  // gì, gìn
    if (onset == U"gi") return !startsWithAny(rhyme, U"iy");
    if (onset == U"qu") return startsWithAny(rhyme, U"aăâeêyơô") || rhyme == U"i";
    return true;
}

// [SECTION] Letters: base, mark, tone

enum Mark : char { None = 0, Circumflex = '^', Breve = '(', Horn = '+', Stroke = '-' };

struct Letter {
    char32_t base;  // lowercase ASCII letter
    Mark mark;
};

Letter letterOf(char32_t c) {
    switch (c) {
    case U'ă': return {U'a', Breve};
    case U'â': return {U'a', Circumflex};
    case U'ê': return {U'e', Circumflex};
    case U'ô': return {U'o', Circumflex};
    case U'ơ': return {U'o', Horn};
    case U'ư': return {U'u', Horn};
    case U'đ': return {U'd', Stroke};
    default: return {c, None};
    }
}

bool isVowelBase(char32_t c) { return std::u32string_view(U"aeiouy").find(c) != std::u32string_view::npos; }

/// The precomposed letter: tone 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng (VNI's digits).
char32_t compose(Letter l, int tone, bool upper) {
    struct Row {
        char32_t base;
        Mark mark;
        const char32_t* lower;  // none, sắc, huyền, hỏi, ngã, nặng
        const char32_t* upper;
    };
    static const Row rows[] = {
        {U'a', None, U"aáàảãạ", U"AÁÀẢÃẠ"},       {U'a', Breve, U"ăắằẳẵặ", U"ĂẮẰẲẴẶ"},
        {U'a', Circumflex, U"âấầẩẫậ", U"ÂẤẦẨẪẬ"}, {U'e', None, U"eéèẻẽẹ", U"EÉÈẺẼẸ"},
        {U'e', Circumflex, U"êếềểễệ", U"ÊẾỀỂỄỆ"}, {U'i', None, U"iíìỉĩị", U"IÍÌỈĨỊ"},
        {U'o', None, U"oóòỏõọ", U"OÓÒỎÕỌ"},       {U'o', Circumflex, U"ôốồổỗộ", U"ÔỐỒỔỖỘ"},
        {U'o', Horn, U"ơớờởỡợ", U"ƠỚỜỞỠỢ"},       {U'u', None, U"uúùủũụ", U"UÚÙỦŨỤ"},
        {U'u', Horn, U"ưứừửữự", U"ƯỨỪỬỮỰ"},       {U'y', None, U"yýỳỷỹỵ", U"YÝỲỶỸỴ"},
    };
    if (l.mark == Stroke) return upper ? U'Đ' : U'đ';
    for (const Row& r : rows)
        if (r.base == l.base && r.mark == l.mark) return (upper ? r.upper : r.lower)[tone];
    return upper ? l.base - U'a' + U'A' : l.base;
}

struct Syllable {
    std::vector<Letter> letters;
    std::size_t onsetEnd = 0, nucleusEnd = 0;
    int tone = 0;
};

/// The tone's letter by rules §3, written from the rules (not from the engine).
std::size_t toneIndex(const Syllable& s, bool newStyle) {
    const std::size_t n = s.nucleusEnd - s.onsetEnd;
    const bool coda = s.nucleusEnd < s.letters.size();
    std::size_t marked = s.letters.size();
    for (std::size_t i = s.onsetEnd; i < s.nucleusEnd; ++i)
        if (s.letters[i].mark != None) marked = i;  // the last marked: ơ of ươ, ê of uyê
    if (marked < s.letters.size()) return marked;
    if (n == 3) return s.onsetEnd + 1;
    if (n == 2) {
        const char32_t a = s.letters[s.onsetEnd].base, b = s.letters[s.onsetEnd + 1].base;
        const bool oo = a == U'o' && b == U'o';
        const bool modernPair = (a == U'o' && (b == U'a' || b == U'e')) || (a == U'u' && b == U'y');
        if (coda || oo || (newStyle && modernPair)) return s.onsetEnd + 1;
        return s.onsetEnd;
    }
    return s.onsetEnd;
}

Syllable randomSyllable(std::mt19937& rng) {
    std::uniform_int_distribution<std::size_t> pickOnset(0, std::size(Onsets) - 1);
    std::uniform_int_distribution<std::size_t> pickRhyme(0, std::size(Rhymes) - 1);
    std::uniform_int_distribution<int> pickTone(0, 5);
    for (;;) {
        const std::u32string onset = utf8ToCodePoints(Onsets[pickOnset(rng)]);
        const std::u32string rhyme = utf8ToCodePoints(Rhymes[pickRhyme(rng)]);
        if (!goesWith(onset, rhyme)) continue;
        Syllable s;
        for (const char32_t c : onset) s.letters.push_back(letterOf(c));
        s.onsetEnd = s.letters.size();
        for (const char32_t c : rhyme) s.letters.push_back(letterOf(c));
        s.nucleusEnd = s.onsetEnd;
        while (s.nucleusEnd < s.letters.size() && isVowelBase(s.letters[s.nucleusEnd].base)) ++s.nucleusEnd;
        const bool stop = s.nucleusEnd < s.letters.size() &&
                          (s.letters[s.nucleusEnd].base == U'c' || s.letters[s.nucleusEnd].base == U'p' ||
                           s.letters[s.nucleusEnd].base == U't');
        s.tone = pickTone(rng);
        if (stop && s.tone != 0 && s.tone != 1 && s.tone != 5) continue;  // c ch p t: sắc or nặng only
        return s;
    }
}

// [SECTION] Typing a word as keys

char32_t keyCase(char32_t lower, bool upper) { return upper ? lower - U'a' + U'A' : lower; }

/// Keys that type `s` with each letter's case in `upper`. Telex or VNI, marks immediately or
/// deferred to the end, the tone key at a random place after the first vowel.
std::u32string keysFor(const Syllable& s, const std::vector<bool>& upper, bool vni, std::mt19937& rng) {
    std::bernoulli_distribution coin(0.5);
    const bool defer = coin(rng);
    std::u32string keys, deferred;
    std::size_t firstVowelKey = std::u32string::npos;
    auto markKey = [&](Mark m, char32_t base) -> char32_t {
        if (vni) return m == Circumflex ? U'6' : m == Horn ? U'7' : m == Breve ? U'8' : U'9';
        const char32_t k = m == Circumflex ? base : m == Stroke ? U'd' : U'w';
        return keyCase(k, coin(rng));  // the case of a mark key is ignored
    };
    for (std::size_t i = 0; i < s.letters.size(); ++i) {
        const Letter& l = s.letters[i];
        keys.push_back(keyCase(l.base, upper[i]));
        if (firstVowelKey == std::u32string::npos && isVowelBase(l.base)) firstVowelKey = keys.size();
        // Telex: a second plain o (xoong) is typed ooo, since oo gives ô.
        if (!vni && l.base == U'o' && l.mark == None && i > 0 && s.letters[i - 1].base == U'o' &&
            s.letters[i - 1].mark == None)
            keys.push_back(keyCase(U'o', upper[i]));
        if (l.mark == None) continue;
        // ươ deferred: one horn key at the end marks the pair.
        const bool pairU = l.base == U'u' && l.mark == Horn && i + 1 < s.letters.size() &&
                           s.letters[i + 1].base == U'o' && s.letters[i + 1].mark == Horn;
        if (defer && pairU) continue;
        (defer ? deferred : keys).push_back(markKey(l.mark, l.base));
    }
    std::shuffle(deferred.begin(), deferred.end(), rng);
    keys += deferred;
    if (s.tone != 0) {
        const char32_t telexTones[] = {0, U's', U'f', U'r', U'x', U'j'};
        const char32_t k = vni ? U'0' + static_cast<char32_t>(s.tone) : keyCase(telexTones[s.tone], coin(rng));
        std::uniform_int_distribution<std::size_t> at(firstVowelKey, keys.size());
        keys.insert(at(rng), 1, k);
    }
    return keys;
}

struct Typed {
    std::u32string text, keys;
};

Typed randomSentence(std::mt19937& rng, bool vni, bool newStyle, std::size_t& words) {
    std::uniform_int_distribution<int> length(3, 12);
    std::uniform_int_distribution<int> percent(0, 99);
    Typed out;
    const int n = length(rng);
    for (int w = 0; w < n; ++w) {
        if (w > 0) {
            const int p = percent(rng);
            const std::u32string sep = p < 8 ? U", " : p < 12 ? U" 203 " : U" ";  // digits after a space are literal
            out.text += sep;
            out.keys += sep;
        }
        const Syllable s = randomSyllable(rng);
        const int c = percent(rng);  // 70% lower, 20% Capitalised, 10% ALL CAPS
        std::vector<bool> upper(s.letters.size(), c >= 90);
        if (c >= 70) upper[0] = true;
        const std::size_t carrier = s.tone == 0 ? s.letters.size() : toneIndex(s, newStyle);
        for (std::size_t i = 0; i < s.letters.size(); ++i)
            out.text.push_back(compose(s.letters[i], i == carrier ? s.tone : 0, upper[i]));
        out.keys += keysFor(s, upper, vni, rng);
        ++words;
    }
    out.text += U'.';
    out.keys += U'.';
    return out;
}

}  // namespace

TEST_CASE("random sentences from the syllable grammar typed as Telex or VNI keys come back", "[telex][property]") {
    struct Mode {
        const char* name;
        bool vni, newStyle;
    };
    const Mode modes[] = {
        {"Telex", false, false}, {"Telex new style", false, true}, {"VNI", true, false}, {"VNI new style", true, true}};
    for (const Mode& mode : modes) {
        DYNAMIC_SECTION(mode.name) {
            std::mt19937 rng(20261128u);
            TelexOptions options;
            options.vni = mode.vni;
            options.modernToneStyle = mode.newStyle;
            std::size_t words = 0;
            int failures = 0;
            for (int sentence = 0; sentence < 5000 && failures < 5; ++sentence) {
                const Typed t = randomSentence(rng, mode.vni, mode.newStyle, words);
                const std::string expected = codePointsToUtf8(t.text);
                const std::string got = typeKeys(codePointsToUtf8(t.keys), options);
                if (got != expected) {
                    ++failures;
                    INFO(mode.name << " keys: " << codePointsToUtf8(t.keys));
                    CHECK(got == expected);
                }
            }
            CHECK(failures == 0);
            CHECK(words >= 30000);  // about 7.5 words a sentence
        }
    }
}

TEST_CASE("the syllable generator covers the rules it is meant to exercise", "[telex][property]") {
    // Guards against a generator that quietly stops making the hard cases.
    std::mt19937 rng(20261128u);
    std::size_t words = 0;
    std::u32string all;
    for (int i = 0; i < 1500; ++i) all += randomSentence(rng, false, false, words).text;
    for (const char32_t* needle :
         {U"ươ", U"Qu", U"qu", U"gi", U"Gi", U"uyê", U"oo", U"uơ", U"ườ", U"ỏa", U"Đ", U"203"}) {
        INFO("missing: " << codePointsToUtf8(needle));
        CHECK(all.find(needle) != std::u32string::npos);
    }
}
