#include "speech/spoken_numbers.h"

#include <array>
#include <cctype>

namespace hailong::core {

namespace {

// [SECTION] Vietnamese (Northern usage: "nghìn", "linh"; the kiosk's voice is Northern)

constexpr std::array<const char*, 10> ViDigits{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

// 0..999 as a group; full: a higher group came before, so "không trăm" and "linh" are said.
std::string viGroup(int n, bool full) {
    const int h = n / 100, t = n / 10 % 10, u = n % 10;
    std::string out;
    if (h > 0 || full) out = std::string(ViDigits[static_cast<std::size_t>(h)]) + " trăm";
    if (t == 0) {
        if (u == 0) return out;
        if (!out.empty()) out += " linh";
        return out.empty() ? ViDigits[static_cast<std::size_t>(u)] : out + " " + ViDigits[static_cast<std::size_t>(u)];
    }
    if (!out.empty()) out += " ";
    out += t == 1 ? "mười" : std::string(ViDigits[static_cast<std::size_t>(t)]) + " mươi";
    if (u == 0) return out;
    if (u == 5) return out + " lăm";
    if (u == 1 && t > 1) return out + " mốt";
    if (u == 4 && t > 1) return out + " tư";
    return out + " " + ViDigits[static_cast<std::size_t>(u)];
}

std::string viNumber(std::int64_t n) {
    if (n == 0) return "không";
    static constexpr std::array<const char*, 5> Scale{"", " nghìn", " triệu", " tỷ", " nghìn tỷ"};
    std::array<int, 5> groups{};
    int top = 0;
    for (std::int64_t v = n; v > 0; v /= 1000) groups[static_cast<std::size_t>(top++)] = static_cast<int>(v % 1000);
    std::string out;
    for (int i = top - 1; i >= 0; --i) {
        const int g = groups[static_cast<std::size_t>(i)];
        if (g == 0) continue;
        if (!out.empty()) out += " ";
        out += viGroup(g, i < top - 1) + Scale[static_cast<std::size_t>(i)];
    }
    return out;
}

// [SECTION] English

constexpr std::array<const char*, 20> EnSmall{
    "zero", "one",    "two",    "three",    "four",     "five",    "six",     "seven",     "eight",    "nine",
    "ten",  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<const char*, 10> EnTens{"",      "",      "twenty",  "thirty", "forty",
                                             "fifty", "sixty", "seventy", "eighty", "ninety"};

std::string enGroup(int n) {
    std::string out;
    if (n >= 100) {
        out = std::string(EnSmall[static_cast<std::size_t>(n / 100)]) + " hundred";
        n %= 100;
        if (n == 0) return out;
        out += " ";
    }
    if (n < 20) return out + EnSmall[static_cast<std::size_t>(n)];
    out += EnTens[static_cast<std::size_t>(n / 10)];
    if (n % 10) out += std::string("-") + EnSmall[static_cast<std::size_t>(n % 10)];
    return out;
}

std::string enNumber(std::int64_t n) {
    if (n == 0) return "zero";
    static constexpr std::array<const char*, 5> Scale{"", " thousand", " million", " billion", " trillion"};
    std::string out;
    int i = 0;
    for (std::int64_t v = n; v > 0; v /= 1000, ++i) {
        const int g = static_cast<int>(v % 1000);
        if (g == 0) continue;
        const std::string part = enGroup(g) + Scale[static_cast<std::size_t>(i)];
        out = out.empty() ? part : part + " " + out;
    }
    return out;
}

// [SECTION] Signs of codes

// Vietnamese letter names as people spell codes aloud; the synthesizer reads these well.
const char* viLetter(char c) {
    static constexpr std::array<const char*, 26> Names{
        "a",     "bê", "xê", "dê",  "e",    "ép",    "giê", "hát", "i",  "gi",     "ca",     "e lờ",  "em mờ",
        "en nờ", "o",  "pê", "quy", "e rờ", "ét xì", "tê",  "u",   "vê", "vê kép", "ích xì", "i dài", "dét"};
    return Names[static_cast<std::size_t>(c - 'A')];
}

std::string signName(char c, Language lang) {
    const bool vi = lang == Language::Vi;
    if (c >= '0' && c <= '9')
        return vi ? ViDigits[static_cast<std::size_t>(c - '0')] : EnSmall[static_cast<std::size_t>(c - '0')];
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up >= 'A' && up <= 'Z') return vi ? viLetter(up) : std::string(1, up);
    switch (c) {
    case '.': return vi ? "chấm" : "dot";
    case '-': return vi ? "gạch ngang" : "dash";
    case '/': return vi ? "gạch chéo" : "slash";
    case '_': return vi ? "gạch dưới" : "underscore";
    case ' ': return "";
    default: return std::string(1, c);
    }
}

}  // namespace

std::string numberWords(std::int64_t n, Language lang) {
    constexpr std::int64_t Limit = 1'000'000'000'000'000;
    if (n <= -Limit || n >= Limit) return speakableText(std::to_string(n), lang);  // digit by digit
    if (n < 0) return (lang == Language::Vi ? "âm " : "minus ") + numberWords(-n, lang);
    return lang == Language::Vi ? viNumber(n) : enNumber(n);
}

std::string spelledCode(std::string_view code, Language lang) {
    std::string out;
    for (const char c : code) {
        const std::string name = signName(c, lang);
        if (name.empty()) continue;
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

std::string speakableText(std::string_view text, Language lang) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        const std::string_view run = text.substr(i, j - i);
        if (run.size() <= 9 && (run[0] != '0' || run.size() == 1))
            out += numberWords(std::stoll(std::string(run)), lang);
        else
            for (std::size_t k = 0; k < run.size(); ++k) {
                if (k) out += " ";
                out += signName(run[k], lang);
            }
        i = j;
    }
    return out;
}

}  // namespace hailong::core
