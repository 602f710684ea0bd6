// SettingsStore: the settings in the kiosk database's `settings` table (encoding in settings.h).
#include "store/settings_store.h"

#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <tuple>

namespace hailong::core {

namespace {
void add(std::vector<SettingProblem>& out, std::string field, std::string vi, std::string en) {
    out.push_back(SettingProblem{std::move(field), Text{std::move(vi), std::move(en)}});
}
}  // namespace

KioskSettings SettingsStore::load() const { return read(nullptr); }

std::vector<SettingProblem> SettingsStore::problemsAtLoad() const {
    std::vector<SettingProblem> problems;
    read(&problems);
    return problems;
}

namespace {

std::optional<int> parseNumber(const std::string& v, std::size_t maxDigits) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (v.empty() || v.size() > maxDigits || !std::all_of(v.begin(), v.end(), digit)) return std::nullopt;
    return std::stoi(v);
}

std::optional<int> parseHoursMinutes(const std::string& v) {
    if (v.size() != 5 || v[2] != ':') return std::nullopt;
    const auto h = parseNumber(v.substr(0, 2), 2);
    const auto m = parseNumber(v.substr(3), 2);
    if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
    return *h * 60 + *m;
}

}  // namespace

KioskSettings SettingsStore::read(std::vector<SettingProblem>* problems) const {
    const KioskSettings d;
    KioskSettings s;
    std::vector<SettingProblem> found;
    auto get = [this](const char* key) { return m_db.setting(key); };
    auto damaged = [&found](const std::string& key, const std::string& value, const std::string& fallback) {
        const std::string v = quoteForMessage(value);
        add(found, key,
            "Giá trị đã lưu của cài đặt “" + key + "” (“" + v + "”) bị hỏng nên máy đang dùng giá trị mặc định “" +
                fallback + "”. Hãy kiểm tra lại và lưu cài đặt.",
            "The stored value of the setting “" + key + "” (“" + v + "”) is damaged, so the kiosk uses the default “" +
                fallback + "”. Please check the settings and save them again.");
    };
    // First what cannot be read at all...
    if (auto v = get("unit.code")) s.unitCode = *v;
    if (auto v = get("unit.name")) s.unitName = *v;
    if (auto v = get("unit.level")) s.unitLevel = *v;
    if (auto v = get("counter.name")) s.counterName = *v;
    if (auto v = get("procedures"); v && !v->empty()) {
        for (std::size_t start = 0, end = 0; end != std::string::npos; start = end + 1) {
            end = v->find('\n', start);
            const std::string line = v->substr(start, end == std::string::npos ? end : end - start);
            const auto tab1 = line.find('\t');
            const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
            if (tab2 == std::string::npos || line.find('\t', tab2 + 1) != std::string::npos)
                add(found, "procedures",
                    "Một dòng của danh sách thủ tục đã lưu bị hỏng (“" + quoteForMessage(line) +
                        "”) nên được bỏ qua cho tới khi danh sách được lưu lại.",
                    "A line of the stored procedure list is damaged (“" + quoteForMessage(line) +
                        "”), so it is left out until the list is saved again.");
            else
                s.procedures.push_back(Procedure{line.substr(0, tab1),
                                                 Text{line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1)}});
        }
    }
    if (auto v = get("questionnaire.file")) s.questionnaireFile = *v;
    if (auto v = get("idle_timeout_s")) {
        if (auto n = parseNumber(*v, 4)) s.idleTimeoutSeconds = *n;
        else damaged("idle_timeout_s", *v, std::to_string(d.idleTimeoutSeconds));
    }
    if (auto v = get("followup_timeout_s")) {
        if (auto n = parseNumber(*v, 3)) s.followUpTimeoutSeconds = *n;
        else damaged("followup_timeout_s", *v, std::to_string(d.followUpTimeoutSeconds));
    }
    for (auto [key, minute, fallback] : {std::tuple{"hours.open", &s.hours.openMinute, d.hours.openMinute},
                                         std::tuple{"hours.close", &s.hours.closeMinute, d.hours.closeMinute}}) {
        if (auto v = get(key)) {
            if (auto m = parseHoursMinutes(*v)) *minute = *m;
            else damaged(key, *v, formatHoursMinutes(fallback));
        }
    }
    if (auto v = get("hours.days")) {
        if (v->size() == 7 && v->find_first_not_of("01") == std::string::npos)
            for (std::size_t i = 0; i < 7; ++i) s.hours.days[i] = (*v)[i] == '1';
        else damaged("hours.days", *v, "0111111");
    }
    if (auto v = get("hours.flag")) {
        if (*v == "0" || *v == "1") s.flagOutsideHours = *v == "1";
        else damaged("hours.flag", *v, "1");
    }
    if (auto v = get("language.default")) {
        if (auto lang = languageFromCode(*v)) s.defaultLanguage = *lang;
        else damaged("language.default", *v, "vi");
    }
    if (auto v = get("dossier.pattern")) s.dossierPattern = *v;
    if (auto v = get("export.folder")) s.exportFolder = *v;
    if (auto v = get("export.auto")) {
        if (*v == "0" || *v == "1") s.autoExport = *v == "1";
        else damaged("export.auto", *v, "0");
    }
    if (auto v = get("input.method")) {
        if (*v == "telex" || *v == "vni") s.vniInput = *v == "vni";
        else damaged("input.method", *v, "telex");
    }
    if (auto v = get("input.tone_style")) {
        if (*v == "old" || *v == "new") s.newToneStyle = *v == "new";
        else damaged("input.tone_style", *v, "old");
    }
    if (auto v = get("display.panel_inches")) {
        if (auto t = parsePanelTenths(*v)) s.panelTenthsInch = *t;
        else damaged("display.panel_inches", *v, "0");
    }
    if (auto v = get("sound.volume")) {
        if (auto n = parseNumber(*v, 3)) s.soundVolume = *n;
        else damaged("sound.volume", *v, std::to_string(d.soundVolume));
    }

    // ...then what reads but is not valid: validation says why, and the value falls back.
    // A questionnaire file that went missing is not damage: the loader reports it.
    KioskSettings check = s;
    check.questionnaireFile.clear();
    check.exportFolder.clear();  // a share not mounted now is for the export to report
    std::vector<std::size_t> dropped;
    bool tooMany = false;
    // A level stored before the district level ended is kept: the kiosk goes on with it.
    for (const SettingProblem& p : validateSettings(check, FormerLevel::Kept)) {
        const std::string& f = p.field;
        std::string vi = " Máy đang dùng giá trị mặc định cho tới khi cài đặt được lưu lại.";
        std::string en = " The kiosk uses the default until the settings are saved again.";
        if (f.rfind("procedures.", 0) == 0) {
            dropped.push_back(std::stoul(f.substr(11)));
            vi = " Thủ tục này được bỏ qua cho tới khi danh sách được lưu lại.";
            en = " This procedure is left out until the list is saved again.";
        } else if (f == "procedures") tooMany = true;
        else if (f == "unit.code") s.unitCode = d.unitCode;
        else if (f == "unit.name") s.unitName = d.unitName;
        else if (f == "unit.level") s.unitLevel = d.unitLevel;
        else if (f == "counter.name") s.counterName = d.counterName;
        else if (f == "idle_timeout_s") s.idleTimeoutSeconds = d.idleTimeoutSeconds;
        else if (f == "followup_timeout_s") s.followUpTimeoutSeconds = d.followUpTimeoutSeconds;
        else if (f == "hours.days") s.hours.days = d.hours.days;
        else if (f == "dossier.pattern") s.dossierPattern = d.dossierPattern;
        else if (f == "display.panel_inches") s.panelTenthsInch = d.panelTenthsInch;
        else if (f == "sound.volume") s.soundVolume = d.soundVolume;
        else if (f == "hours.open" || f == "hours.close") {
            s.hours.openMinute = d.hours.openMinute;  // both: the pair must stay in order
            s.hours.closeMinute = d.hours.closeMinute;
        }
        found.push_back(SettingProblem{f, Text{p.message.vi + vi, p.message.en + en}});
    }
    std::sort(dropped.begin(), dropped.end());
    dropped.erase(std::unique(dropped.begin(), dropped.end()), dropped.end());
    for (auto i = dropped.rbegin(); i != dropped.rend(); ++i)
        s.procedures.erase(s.procedures.begin() + static_cast<std::ptrdiff_t>(*i));
    if (tooMany && s.procedures.size() > MaxProcedures) s.procedures.resize(MaxProcedures);
    if (problems) *problems = std::move(found);
    return s;
}

std::vector<SettingProblem> SettingsStore::save(const KioskSettings& s, const OnChange& onChange) {
    // A former level ("district") is taken only as the one already stored, or on a kiosk whose
    // database dates from before the district level ended (its own clock at first start).
    const bool formerKept = m_db.setting("unit.level") == s.unitLevel || m_db.installUtcMs() < DistrictLevelEndedUtcMs;
    std::vector<SettingProblem> problems = validateSettings(s, formerKept ? FormerLevel::Kept : FormerLevel::Refused);
    const std::optional<std::string> storedCode = m_db.setting("unit.code");
    if (s.unitCode.empty() && storedCode && isValidCode(*storedCode))
        problems.insert(
            problems.begin(),
            SettingProblem{"unit.code", Text{"Máy đã được cài đặt cho đơn vị “" + *storedCode +
                                                 "”, nên không thể để trống mã đơn vị. Hãy nhập mã đơn vị.",
                                             "The kiosk is set up for the unit “" + *storedCode +
                                                 "”, so the unit code cannot be left empty. Please enter the unit "
                                                 "code."}});
    if (!problems.empty()) return problems;

    struct Change {
        std::string key, oldValue, newValue;
    };
    std::vector<Change> changes;
    const auto defaults = encodeSettings(KioskSettings{});
    const auto wanted = encodeSettings(s);
    guarded(m_db, "cannot save the settings", [&] {
        // IMMEDIATE: the values compared are those overwritten, even with a second writer.
        SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            const auto& [key, value] = wanted[i];
            const std::string old = m_db.setting(key).value_or(defaults[i].second);
            if (old == value) continue;
            m_db.setSetting(key, value);
            changes.push_back(Change{key, old, value});
        }
        tx.commit();
    });
    // After the commit: the caller's audit entries describe changes that happened.
    if (onChange)
        for (const Change& c : changes) onChange(c.key, c.oldValue, c.newValue);
    return {};
}

SettingsStore::OnChange auditSettingChanges(AuditLog& log) {
    return [&log](const std::string& key, const std::string& oldValue, const std::string& newValue) {
        const auto shownValue = [](const std::string& value) {
            std::string oneLine;
            for (char c : value) oneLine += c == '\n' ? std::string(" | ") : std::string(1, c);
            return "\"" + quoteForMessage(oneLine, 200) + "\"";
        };
        log.record(audit::SettingChanged, key + ": " + shownValue(oldValue) + " -> " + shownValue(newValue));
    };
}

}  // namespace hailong::core
