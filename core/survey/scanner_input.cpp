// The program's only std::regex (the dossier pattern is an ECMAScript regex by contract).
// GCC 12 with -fsanitize=address,undefined reports -Wmaybe-uninitialized inside libstdc++'s
// <regex> (std::function copies in its NFA): a false positive in system code, which would
// break the -Werror sanitizer build. Ignored for this file only, before any include.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "survey/scanner_input.h"

#include <regex>

namespace hailong::core {

// [SECTION] Scanner bursts

ScannerInput::ScannerInput(std::int64_t maxGapMs, std::size_t minLength)
    : m_maxGapMs(maxGapMs), m_minLength(minLength) {}

void ScannerInput::reset() {
    m_code.clear();
    m_lastMs = 0;
    m_fast = false;
    m_overflow = false;
}

void ScannerInput::onChar(std::uint32_t codepoint, std::int64_t monoMs) {
    if (codepoint < 0x20 || codepoint > 0x7E) {
        reset();
        return;
    }
    const bool continues = (!m_code.empty() || m_overflow) && monoMs >= m_lastMs && monoMs - m_lastMs <= m_maxGapMs;
    if (!continues) reset();  // a pause, or a clock going backwards: a new code starts
    m_lastMs = monoMs;
    if (m_overflow) return;
    if (m_code.size() >= MaxLength) {
        // Not a code (a key held down?): ignore the rest of this burst.
        m_code.clear();
        m_fast = false;
        m_overflow = true;
        return;
    }
    m_fast = !m_code.empty();
    m_code += static_cast<char>(codepoint);
}

std::optional<std::string> ScannerInput::onEnter(std::int64_t monoMs) {
    // Every character came within maxGapMs of the one before (a pause resets), so only the
    // gap before Enter and the length remain to check.
    const bool qualifies = !m_code.empty() && m_code.size() >= m_minLength && monoMs >= m_lastMs &&
                           monoMs - m_lastMs <= m_maxGapMs;
    std::optional<std::string> code;
    if (qualifies) code = m_code;
    reset();
    return code;
}

bool ScannerInput::inBurst(std::int64_t monoMs) const {
    return m_fast && monoMs >= m_lastMs && monoMs - m_lastMs <= m_maxGapMs;
}

// [SECTION] Dossier codes

namespace {

/// What is wrong in a pattern, by std::regex error code, in both languages.
Text regexReason(std::regex_constants::error_type code) {
    namespace rc = std::regex_constants;
    if (code == rc::error_paren) return {"dấu ngoặc tròn ( ) không khớp nhau", "its parentheses ( ) do not match"};
    if (code == rc::error_brack) return {"dấu ngoặc vuông [ ] không khớp nhau", "its brackets [ ] do not match"};
    if (code == rc::error_brace) return {"dấu ngoặc nhọn { } không khớp nhau", "its braces { } do not match"};
    if (code == rc::error_badbrace)
        return {"số lần lặp trong ngoặc { } không hợp lệ", "the repeat count inside { } is not valid"};
    if (code == rc::error_badrepeat)
        return {"dấu lặp (*, +, ? hoặc { }) đứng sai chỗ", "a repeat (*, +, ? or { }) is in the wrong place"};
    if (code == rc::error_range)
        return {"một khoảng ký tự (như A-Z) không hợp lệ", "a character range (like A-Z) is not valid"};
    if (code == rc::error_escape)
        return {"dấu \\ đứng trước một ký tự không hợp lệ", "a backslash \\ comes before a character it cannot escape"};
    if (code == rc::error_backref) return {"một tham chiếu ngược không hợp lệ", "a back-reference is not valid"};
    if (code == rc::error_ctype) return {"tên lớp ký tự không hợp lệ", "a character class name is not valid"};
    if (code == rc::error_complexity || code == rc::error_stack) return {"mẫu quá phức tạp", "it is too complex"};
    return {"cú pháp không đúng", "its syntax is wrong"};
}

Text invalidPattern(std::regex_constants::error_type code) {
    const Text why = regexReason(code);
    return {"Mẫu mã hồ sơ không phải là biểu thức chính quy hợp lệ: " + why.vi +
                ". Ví dụ một mẫu đúng: ^HS-[0-9]{6}$ (chữ HS, dấu gạch ngang, rồi 6 chữ số).",
            "The dossier code pattern is not a valid regular expression: " + why.en +
                ". An example of a valid pattern: ^HS-[0-9]{6}$ (the letters HS, a hyphen, then 6 digits)."};
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

}  // namespace

std::optional<Text> dossierPatternProblem(const std::string& pattern) {
    if (pattern.empty())
        return Text{"Mẫu mã hồ sơ không được để trống. Mẫu mặc định là ^[A-Z0-9][A-Z0-9./-]{2,39}$.",
                    "The dossier code pattern must not be empty. The default pattern is ^[A-Z0-9][A-Z0-9./-]{2,39}$."};
    try {
        std::regex re(pattern, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
        return invalidPattern(e.code());
    }
    return std::nullopt;
}

DossierCheck checkDossierCode(const std::string& raw, const std::string& pattern) {
    DossierCheck r;
    std::size_t first = 0;
    std::size_t last = raw.size();
    while (first < last && isSpace(raw[first])) ++first;
    while (last > first && isSpace(raw[last - 1])) --last;
    r.read = raw.substr(first, last - first);
    // ASCII only, not std::toupper: the result must not depend on the locale.
    for (char& c : r.read)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');

    if (r.read.empty()) {
        r.problem = Text{"Chưa có mã hồ sơ. Hãy quét mã vạch trên phiếu hẹn hoặc nhập mã hồ sơ.",
                         "There is no dossier code. Scan the barcode on the receipt or key in the dossier code."};
        return r;
    }
    if (r.read.size() > MaxDossierCodeLength) {
        r.problem = Text{"Mã hồ sơ quá dài (tối đa " + std::to_string(MaxDossierCodeLength) +
                             " ký tự). Hãy kiểm tra lại mã vừa quét hoặc vừa nhập.",
                         "The dossier code is too long (at most " + std::to_string(MaxDossierCodeLength) +
                             " characters). Please check the code that was scanned or keyed in."};
        return r;
    }
    const auto unusable = [&r](const Text& why) {
        r.problem = Text{"Không kiểm tra được mã hồ sơ vì mẫu mã hồ sơ trong cài đặt không dùng được (" + why.vi +
                             "). Xin báo quản trị viên của đơn vị.",
                         "The dossier code cannot be checked because the dossier code pattern in the settings "
                         "cannot be used (" +
                             why.en + "). Please tell the unit administrator."};
    };
    if (pattern.empty()) {
        unusable(Text{"mẫu đang để trống", "the pattern is empty"});
        return r;
    }
    try {
        const std::regex re(pattern, std::regex::ECMAScript | std::regex::icase);
        if (!std::regex_match(r.read, re)) {
            r.problem = Text{"Mã hồ sơ không đúng định dạng của đơn vị. Hãy quét lại mã vạch trên phiếu hẹn "
                             "hoặc nhập lại mã hồ sơ.",
                             "The dossier code does not have this unit's format. Please scan the barcode on the "
                             "receipt again or key in the dossier code."};
            return r;
        }
    } catch (const std::regex_error& e) {
        // A bad pattern got into the settings, or matching gave up (too complex).
        unusable(regexReason(e.code()));
        return r;
    }
    r.code = r.read;
    return r;
}

}  // namespace hailong::core
