#include "survey/settings.h"

#include "survey/scanner_input.h"  // dossierPatternProblem

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hailong::core {

// [SECTION] Validation
//
// Messages are whole sentences for the unit administrator: what is wrong, then what is
// allowed. Values typed by a person are quoted (shortened) so the sentence says which one.

namespace {

void add(std::vector<SettingProblem>& out, std::string field, std::string vi, std::string en) {
    out.push_back(SettingProblem{std::move(field), Text{std::move(vi), std::move(en)}});
}

struct TextScan {
    std::size_t chars = 0;  ///< code points
    bool utf8 = true;
    bool control = false;  ///< C0 (line break, tab, ...), DEL or C1
};

TextScan scanText(const std::string& s) {
    static constexpr std::uint32_t MinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    TextScan r;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = b;
        std::size_t len = 1;
        if (b >= 0x80) {
            if ((b & 0xE0) == 0xC0) {
                cp = b & 0x1Fu;
                len = 2;
            } else if ((b & 0xF0) == 0xE0) {
                cp = b & 0x0Fu;
                len = 3;
            } else if ((b & 0xF8) == 0xF0) {
                cp = b & 0x07u;
                len = 4;
            } else {
                r.utf8 = false;
                return r;
            }
            if (i + len > s.size()) {
                r.utf8 = false;
                return r;
            }
            for (std::size_t k = 1; k < len; ++k) {
                const auto c = static_cast<unsigned char>(s[i + k]);
                if ((c & 0xC0) != 0x80) {
                    r.utf8 = false;
                    return r;
                }
                cp = (cp << 6) | (c & 0x3Fu);
            }
            if (cp < MinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                r.utf8 = false;
                return r;
            }
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) r.control = true;
        ++r.chars;
        i += len;
    }
    return r;
}

}  // namespace

std::string quoteForMessage(const std::string& value, std::size_t maxChars) {
    std::string s = value;
    if (!scanText(s).utf8)
        for (char& c : s)
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    std::string out;
    std::size_t chars = 0;
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80 && chars++ == maxChars) return out + "…";
        out += (b < 0x20 || b == 0x7F) ? ' ' : c;
    }
    return out;
}

bool isUnitLevel(const std::string& level) {
    return level.empty() || level == "central" || level == "province" || level == "commune";
}

bool isFormerUnitLevel(const std::string& level) { return level == "district"; }

bool isValidCode(const std::string& s) {
    // Not <cctype>: its answers depend on the locale, and the kiosk may run in a Vietnamese one.
    return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

namespace {

std::string shown(const std::string& value, std::size_t maxChars = 40) { return quoteForMessage(value, maxChars); }

/// Problems of a text typed by a person; label starts the sentence ("Tên đơn vị", "The unit name").
void checkText(std::vector<SettingProblem>& out, const std::string& field, const std::string& value,
               std::size_t maxChars, const Text& label, bool required) {
    const TextScan t = scanText(value);
    const std::string max = std::to_string(maxChars);
    if (!t.utf8)
        add(out, field, label.vi + " chứa ký tự không hợp lệ (không phải văn bản UTF-8). Hãy nhập lại.",
            label.en + " contains invalid characters (it is not UTF-8 text). Please type it again.");
    else if (t.control)
        add(out, field, label.vi + " không được chứa dấu xuống dòng, dấu tab hay ký tự điều khiển.",
            label.en + " must not contain line breaks, tabs or control characters.");
    else if (t.chars > maxChars)
        add(out, field, label.vi + " dài tối đa " + max + " ký tự (hiện có " + std::to_string(t.chars) + " ký tự).",
            label.en + " may be at most " + max + " characters long (it now has " + std::to_string(t.chars) + ").");
    else if (required && value.find_first_not_of(' ') == std::string::npos)
        add(out, field, label.vi + " không được để trống.", label.en + " must not be empty.");
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void checkUnitCode(const std::string& code, std::vector<SettingProblem>& out) {
    if (code.empty() || isValidCode(code)) return;
    add(out, "unit.code",
        "Mã đơn vị “" + shown(code) +
            "” không hợp lệ: mã chỉ gồm chữ cái không dấu (A–Z, a–z), chữ số và "
            "các dấu chấm, gạch dưới, gạch ngang (. _ -), dài từ 1 đến 32 ký tự.",
        "The unit code “" + shown(code) +
            "” is not valid: use only letters without accents (A–Z, a–z), digits, "
            "dots, underscores and hyphens (. _ -), 1 to 32 characters.");
}

void checkUnitLevel(const std::string& level, FormerLevel former, std::vector<SettingProblem>& out) {
    if (isUnitLevel(level) || (isFormerUnitLevel(level) && former == FormerLevel::Kept)) return;
    const std::string viChoices = "Hãy chọn trung ương (central), tỉnh (province) hoặc xã, phường, đặc khu (commune), "
                                  "hoặc để trống.";
    const std::string enChoices = "Choose central, province or commune (also wards and special zones), or leave it "
                                  "empty.";
    if (isFormerUnitLevel(level))
        add(out, "unit.level",
            "Không thể chọn cấp huyện (district) cho cài đặt mới: cấp huyện đã chấm dứt năm 2025 (công an cấp "
            "huyện từ ngày 01/3/2025, chính quyền cấp huyện từ ngày 01/7/2025). " +
                viChoices,
            "The district level cannot be chosen for new settings: it ended in 2025 (district-level police on "
            "1 March 2025, district-level government on 1 July 2025). " +
                enChoices);
    else
        add(out, "unit.level", "Cấp đơn vị “" + shown(level) + "” không hợp lệ. " + viChoices,
            "The unit level “" + shown(level) + "” is not valid. " + enChoices);
}

void checkProcedure(const Procedure& p, std::size_t index, std::vector<SettingProblem>& out) {
    const std::string field = "procedures." + std::to_string(index);
    const std::string n = std::to_string(index + 1);
    if (p.code.empty())
        add(out, field,
            "Thủ tục thứ " + n +
                " chưa có mã. Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -, dài từ 1 "
                "đến 32 ký tự.",
            "Procedure " + n +
                " has no code. A code uses only letters without accents, digits and . _ -, 1 to "
                "32 characters.");
    else if (!isValidCode(p.code))
        add(out, field,
            "Mã thủ tục “" + shown(p.code) + "” (thủ tục thứ " + n +
                ") không hợp lệ: mã chỉ gồm chữ cái không "
                "dấu, chữ số và các dấu . _ -, dài tối đa 32 ký tự.",
            "The procedure code “" + shown(p.code) + "” (procedure " + n +
                ") is not valid: use only letters "
                "without accents, digits and . _ -, at most 32 characters.");
    const bool named = isValidCode(p.code);
    const std::string vi = named ? "thủ tục “" + p.code + "”" : "thủ tục thứ " + n;
    const std::string en = named ? "procedure “" + p.code + "”" : "procedure " + n;
    const std::size_t max = MaxProcedureNameChars;
    checkText(out, field, p.name.vi, max, Text{"Tên tiếng Việt của " + vi, "The Vietnamese name of " + en}, true);
    checkText(out, field, p.name.en, max, Text{"Tên tiếng Anh của " + vi, "The English name of " + en}, true);
}

void checkHours(const OpeningHours& h, std::vector<SettingProblem>& out) {
    const bool openOk = h.openMinute >= 0 && h.openMinute < 24 * 60;
    const bool closeOk = h.closeMinute >= 0 && h.closeMinute < 24 * 60;
    if (!openOk)
        add(out, "hours.open", "Giờ mở cửa phải nằm trong khoảng từ 00:00 đến 23:59.",
            "The opening time must be between 00:00 and 23:59.");
    if (!closeOk)
        add(out, "hours.close", "Giờ đóng cửa phải nằm trong khoảng từ 00:00 đến 23:59.",
            "The closing time must be between 00:00 and 23:59.");
    if (openOk && closeOk && h.openMinute >= h.closeMinute) {
        const std::string o = formatHoursMinutes(h.openMinute);
        const std::string c = formatHoursMinutes(h.closeMinute);
        add(out, "hours.close", "Giờ mở cửa (" + o + ") phải sớm hơn giờ đóng cửa (" + c + ").",
            "The opening time (" + o + ") must be earlier than the closing time (" + c + ").");
    }
    if (std::none_of(h.days.begin(), h.days.end(), [](bool open) { return open; }))
        add(out, "hours.days", "Hãy chọn ít nhất một ngày mở cửa trong tuần.",
            "Choose at least one day of the week when the office is open.");
}

void checkQuestionnaireFile(const std::string& file, std::vector<SettingProblem>& out) {
    if (file.empty()) return;
    const std::size_t before = out.size();
    checkText(out, "questionnaire.file", file, 1024, Text{"Đường dẫn tệp bộ câu hỏi", "The questionnaire file path"},
              false);
    if (out.size() != before) return;
    std::error_code ec;
    const auto status = std::filesystem::status(std::filesystem::u8path(file), ec);
    if (!std::filesystem::exists(status))
        add(out, "questionnaire.file",
            "Không tìm thấy tệp bộ câu hỏi “" + shown(file, 80) +
                "”. Hãy kiểm tra lại đường dẫn, hoặc để trống "
                "để dùng bộ câu hỏi có sẵn.",
            "The questionnaire file “" + shown(file, 80) +
                "” was not found. Check the path, or leave it empty "
                "to use the built-in questionnaire.");
    else if (!std::filesystem::is_regular_file(status))
        add(out, "questionnaire.file",
            "“" + shown(file, 80) +
                "” không phải là một tệp (có thể là một thư mục). Hãy chọn một tệp bộ câu "
                "hỏi (.toml).",
            "“" + shown(file, 80) + "” is not a file (it may be a folder). Choose a questionnaire file (.toml).");
    else if (auto loaded = loadQuestionnaireFile(std::filesystem::u8path(file)); !loaded) {
        const std::string where = shown(loaded.error().toString(), 200);
        add(out, "questionnaire.file", "Tệp bộ câu hỏi có lỗi nên không được dùng (" + where + ").",
            "The questionnaire file has a mistake, so it is not used (" + where + ").");
    }
}

void checkExportFolder(const std::string& folder, std::vector<SettingProblem>& out) {
    if (folder.empty()) return;
    const std::size_t before = out.size();
    checkText(out, "export.folder", folder, 1024, Text{"Thư mục xuất dữ liệu", "The export folder"}, false);
    if (out.size() != before) return;
    std::error_code ec;
    if (folder.front() != '/')
        add(out, "export.folder",
            "Thư mục xuất dữ liệu phải là đường dẫn đầy đủ, bắt đầu bằng “/” (ví dụ /mnt/chia-se/hailong).",
            "The export folder must be a full path starting with “/” (for example /mnt/share/hailong).");
    else if (!std::filesystem::is_directory(std::filesystem::u8path(folder), ec))
        add(out, "export.folder",
            "Không tìm thấy thư mục “" + shown(folder, 80) +
                "”. Hãy kiểm tra ổ mạng đã được gắn chưa, hoặc để trống "
                "để dùng thư mục có sẵn của kiosk.",
            "The folder “" + shown(folder, 80) +
                "” was not found. Check that the network share is mounted, or "
                "leave it empty to use the kiosk's own folder.");
}

}  // namespace

std::vector<SettingProblem> validateSettings(const KioskSettings& s, FormerLevel former) {
    std::vector<SettingProblem> out;
    checkUnitCode(s.unitCode, out);
    checkText(out, "unit.name", s.unitName, 120, Text{"Tên đơn vị", "The unit name"}, false);
    checkUnitLevel(s.unitLevel, former, out);
    checkText(out, "counter.name", s.counterName, 60, Text{"Tên quầy", "The counter name"}, false);

    if (s.procedures.size() > MaxProcedures)
        add(out, "procedures",
            "Danh sách có " + std::to_string(s.procedures.size()) + " thủ tục, nhiều hơn mức tối đa " +
                std::to_string(MaxProcedures) + ".",
            "The list has " + std::to_string(s.procedures.size()) + " procedures, more than the maximum of " +
                std::to_string(MaxProcedures) + ".");
    std::vector<std::string> seen;  // lower-cased codes, in order: "HK01" and "hk01" would confuse reports
    for (std::size_t i = 0; i < s.procedures.size(); ++i) {
        const Procedure& p = s.procedures[i];
        checkProcedure(p, i, out);
        const std::string key = lower(p.code);
        const auto earlier = std::find(seen.begin(), seen.end(), key);
        if (!p.code.empty() && earlier != seen.end()) {
            const std::string first = std::to_string(earlier - seen.begin() + 1);
            const std::string n = std::to_string(i + 1);
            add(out, "procedures." + std::to_string(i),
                "Mã thủ tục “" + shown(p.code) + "” bị trùng (thủ tục thứ " + first + " và thứ " + n +
                    "). Mỗi thủ tục cần một mã riêng.",
                "The procedure code “" + shown(p.code) + "” is used twice (procedures " + first + " and " + n +
                    "). Each procedure needs its own code.");
        }
        seen.push_back(key);
    }

    checkQuestionnaireFile(s.questionnaireFile, out);
    checkExportFolder(s.exportFolder, out);
    if (s.idleTimeoutSeconds < 10 || s.idleTimeoutSeconds > 300)
        add(out, "idle_timeout_s", "Thời gian chờ phải từ 10 đến 300 giây.",
            "The idle timeout must be between 10 and 300 seconds.");
    if (s.followUpTimeoutSeconds < 5 || s.followUpTimeoutSeconds > 120)
        add(out, "followup_timeout_s", "Thời gian chờ câu hỏi tiếp theo phải từ 5 đến 120 giây.",
            "The follow-up timeout must be between 5 and 120 seconds.");
    checkHours(s.hours, out);
    if (s.panelTenthsInch != 0 && (s.panelTenthsInch < 70 || s.panelTenthsInch > 1100))
        add(out, "display.panel_inches", "Cỡ màn hình phải từ 7 đến 110 inch (hoặc 0 để lấy theo màn hình).",
            "The panel size must be between 7 and 110 inches (or 0 to take it from the monitor).");
    if (s.soundVolume < 0 || s.soundVolume > 100 || s.soundVolume % 10 != 0)
        add(out, "sound.volume", "Âm lượng phải từ 0 đến 100, mỗi nấc 10.",
            "The sound volume must be between 0 and 100, in steps of 10.");
    if (s.defaultLanguage != Language::Vi && s.defaultLanguage != Language::En)
        add(out, "language.default", "Ngôn ngữ mặc định phải là tiếng Việt hoặc tiếng Anh.",
            "The default language must be Vietnamese or English.");
    const std::size_t before = out.size();
    checkText(out, "dossier.pattern", s.dossierPattern, MaxDossierPatternChars,
              Text{"Mẫu mã hồ sơ", "The dossier code pattern"}, true);
    if (out.size() == before) {
        if (auto problem = dossierPatternProblem(s.dossierPattern))
            add(out, "dossier.pattern", problem->vi, problem->en);
    }
    return out;
}

bool KioskSettings::operator==(const KioskSettings& o) const {
    return unitCode == o.unitCode && unitName == o.unitName && unitLevel == o.unitLevel &&
           counterName == o.counterName && procedures == o.procedures && questionnaireFile == o.questionnaireFile &&
           idleTimeoutSeconds == o.idleTimeoutSeconds && followUpTimeoutSeconds == o.followUpTimeoutSeconds &&
           hours == o.hours && flagOutsideHours == o.flagOutsideHours && defaultLanguage == o.defaultLanguage &&
           dossierPattern == o.dossierPattern && exportFolder == o.exportFolder && autoExport == o.autoExport &&
           vniInput == o.vniInput && newToneStyle == o.newToneStyle && panelTenthsInch == o.panelTenthsInch &&
           soundVolume == o.soundVolume;
}

// [SECTION] Encoding

std::string unitLevelWords(const std::string& level) {
    if (level == "central") return "Trung ương";
    if (level == "province") return "Tỉnh";
    if (level == "district") return "Huyện";
    if (level == "commune") return "Xã";
    return level;  // "" (not set) or a level newer than this program: shown as stored
}

std::string formatHoursMinutes(int minuteOfDay) {
    if (minuteOfDay < 0) return std::to_string(minuteOfDay);
    const int h = minuteOfDay / 60;
    const int m = minuteOfDay % 60;
    return (h < 10 ? "0" : "") + std::to_string(h) + (m < 10 ? ":0" : ":") + std::to_string(m);
}

std::vector<std::pair<std::string, std::string>> encodeSettings(const KioskSettings& s) {
    std::string procedures;
    for (const Procedure& p : s.procedures) {
        if (!procedures.empty()) procedures += '\n';
        procedures += p.code + '\t' + p.name.vi + '\t' + p.name.en;
    }
    std::string days;
    for (bool open : s.hours.days) days += open ? '1' : '0';
    return {
        {"unit.code", s.unitCode},
        {"unit.name", s.unitName},
        {"unit.level", s.unitLevel},
        {"counter.name", s.counterName},
        {"procedures", procedures},
        {"questionnaire.file", s.questionnaireFile},
        {"idle_timeout_s", std::to_string(s.idleTimeoutSeconds)},
        {"followup_timeout_s", std::to_string(s.followUpTimeoutSeconds)},
        {"hours.open", formatHoursMinutes(s.hours.openMinute)},
        {"hours.close", formatHoursMinutes(s.hours.closeMinute)},
        {"hours.days", days},
        {"hours.flag", s.flagOutsideHours ? "1" : "0"},
        {"language.default", std::string(languageCode(s.defaultLanguage))},
        {"dossier.pattern", s.dossierPattern},
        {"export.folder", s.exportFolder},
        {"export.auto", s.autoExport ? "1" : "0"},
        {"input.method", s.vniInput ? "vni" : "telex"},
        {"input.tone_style", s.newToneStyle ? "new" : "old"},
        {"display.panel_inches", formatPanelTenths(s.panelTenthsInch)},
        {"sound.volume", std::to_string(s.soundVolume)},
    };
}

const std::vector<int>& commonPanelTenths() {
    // Tablets and small kiosks, 4:3 and 16:9 desktop panels, portrait totems.
    static const std::vector<int> sizes{101, 121, 150, 156, 170, 185, 190, 215, 238, 270, 320, 430, 490, 550};
    return sizes;
}

std::string formatPanelTenths(int tenths) {
    if (tenths % 10 == 0) return std::to_string(tenths / 10);
    return std::to_string(tenths / 10) + "." + std::to_string(std::abs(tenths % 10));
}

std::optional<int> parsePanelTenths(const std::string& text) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string tenth = dot == std::string::npos ? "0" : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 4 || tenth.size() != 1 || !std::all_of(whole.begin(), whole.end(), digit) ||
        !digit(tenth[0]))
        return std::nullopt;
    return std::stoi(whole) * 10 + (tenth[0] - '0');
}

// [SECTION] Opening hours

namespace {
constexpr std::int64_t DayMs = 86'400'000;
constexpr std::int64_t MinuteMs = 60'000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
}  // namespace

std::int64_t localDayStartUtcMs(std::int64_t utcMs, int utcOffsetMinutes) {
    const std::int64_t offsetMs = std::int64_t{utcOffsetMinutes} * MinuteMs;
    return floorDiv(utcMs + offsetMs, DayMs) * DayMs - offsetMs;
}

bool withinOpeningHours(const OpeningHours& h, std::int64_t utcMs, int utcOffsetMinutes) {
    const std::int64_t localMs = utcMs + std::int64_t{utcOffsetMinutes} * MinuteMs;
    const std::int64_t day = floorDiv(localMs, DayMs);
    const std::int64_t minute = (localMs - day * DayMs) / MinuteMs;
    // 1970-01-01 was a Thursday (index 4, Sunday being 0).
    const auto weekday = static_cast<std::size_t>((day % 7 + 7 + 4) % 7);
    return h.days[weekday] && minute >= h.openMinute && minute < h.closeMinute;
}

std::int64_t nextClosingUtcMs(const OpeningHours& h, std::int64_t afterUtcMs, int utcOffsetMinutes) {
    const std::int64_t close = localDayStartUtcMs(afterUtcMs, utcOffsetMinutes) + std::int64_t{h.closeMinute} * 60'000;
    return afterUtcMs < close ? close : close + 86'400'000;
}

}  // namespace hailong::core
