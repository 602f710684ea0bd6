#pragma once
// The kiosk's staff settings (SPEC 4, issue 3): the model, its validation with messages
// for a person in both languages, and its storage in the database's `settings` table.
//
// Storage: one text value per key, all written by SettingsStore::save in one transaction.
//
//   key                 value                                          default
//   unit.code           text, [A-Za-z0-9._-]{1,32} or ""               ""
//   unit.name           text                                           ""
//   unit.level          central | province | commune | ""              ""
//                       ("district" stays readable in settings stored before
//                       2025, see FormerLevel)
//   counter.name        text                                           ""
//   procedures          one procedure per line, lines joined by "\n",  "" (no procedure)
//                       each line "code<TAB>name vi<TAB>name en"
//                       (codes and names never hold tabs or line breaks: validation refuses
//                       control characters), in the list's order
//   questionnaire.file  a path, "" = the built-in / last good one      ""
//   idle_timeout_s      decimal seconds                                "30"
//   followup_timeout_s  decimal seconds: a follow-up screen left alone "15"
//                       this long ends the response (issue 14)
//   hours.open          "HH:MM", local time of the kiosk               "07:30"
//   hours.close         "HH:MM"                                        "17:00"
//   hours.days          7 characters '0'/'1', Sunday first             "0111111"
//   hours.flag          "1" flag ratings outside hours, "0" do not     "1"
//   language.default    "vi" | "en"                                    "vi"
//   dossier.pattern     ECMAScript regular expression                  see KioskSettings
//   export.folder       absolute path of the folder exports go to when  "" (DATA_DIR/exports)
//                       no removable drive is found, and of automatic ones
//   export.auto         "1" export automatically at closing time        "0"
//   input.method        "telex" | "vni": how the comment keyboard       "telex"
//                       types Vietnamese (issue 6)
//   input.tone_style    "old" (hòa, thủy) | "new" (hoà, thuỷ): where    "old"
//                       the tone mark goes
//   display.panel_inches  the panel's diagonal in inches, one decimal     "0"
//                       ("15.6"), 7..110; "0" = from the monitor (EDID)
//                       (core/panel.h: text is sized in mm from it)
//   sound.volume        percent 0..100 in steps of 10: the confirmation  "60"
//                       sounds and the voice (issue 20); "0": no sounds
//                       (speech mode, asked for by a citizen, still speaks)
//
// The keys unit.code, unit.name, unit.level and counter.name predate this file: the kiosk
// reads them directly, so they never change. Other keys in the table (PIN, ...) are left alone.
#include "survey/questionnaire.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

/// A procedure the citizen (or officer) can pick. code: [A-Za-z0-9._-]{1,32}.
struct Procedure {
    std::string code;
    Text name;
    bool operator==(const Procedure& o) const { return code == o.code && name.vi == o.name.vi && name.en == o.name.en; }
};

/// Opening hours in the kiosk's local time: open on the marked days, from openMinute
/// (inclusive) to closeMinute (exclusive), minutes since local midnight.
struct OpeningHours {
    int openMinute = 7 * 60 + 30;                                           // 07:30
    int closeMinute = 17 * 60;                                              // 17:00
    std::array<bool, 7> days{{false, true, true, true, true, true, true}};  // [0]=Sunday .. [6]=Saturday
    bool operator==(const OpeningHours& o) const {
        return openMinute == o.openMinute && closeMinute == o.closeMinute && days == o.days;
    }
};

struct KioskSettings {
    std::string unitCode;               ///< [A-Za-z0-9._-]{1,32}; may be empty only while the kiosk is not set up
    std::string unitName;               ///< <= 120 characters (code points)
    std::string unitLevel;              ///< "central" | "province" | "commune" | ""; "district" kept from before 2025
    std::string counterName;            ///< <= 60 characters
    std::vector<Procedure> procedures;  ///< <= MaxProcedures, codes unique (ignoring case)
    std::string questionnaireFile;      ///< empty: built-in / last good
    int idleTimeoutSeconds = 30;        ///< 10..300
    int followUpTimeoutSeconds = 15;    ///< 5..120: a follow-up screen left alone ends the response
    OpeningHours hours;
    bool flagOutsideHours = true;
    Language defaultLanguage = Language::Vi;
    /// ECMAScript regex, must compile; the trimmed, upper-cased input is matched whole.
    std::string dossierPattern = "^[A-Z0-9][A-Z0-9./-]{2,39}$";
    std::string exportFolder;   ///< absolute; empty: DATA_DIR/exports
    bool autoExport = false;    ///< export to exportFolder at closing time
    bool vniInput = false;      ///< comments typed with VNI (digits), not Telex
    bool newToneStyle = false;  ///< tone marks placed new style (hoà), not old style (hòa)
    /// The panel's diagonal in tenths of an inch (156 = 15.6"); 0: from the monitor (EDID).
    /// 0 or 70..1100 (core/panel.h).
    int panelTenthsInch = 0;
    /// The sounds' and the voice's volume, 0..100 in steps of 10; 0: sounds off.
    int soundVolume = 60;

    bool operator==(const KioskSettings&) const;
    bool operator!=(const KioskSettings& o) const { return !(*this == o); }
};

/// Limits beyond those stated on the fields.
constexpr std::size_t MaxProcedures = 200;
constexpr std::size_t MaxProcedureNameChars = 200;
constexpr std::size_t MaxDossierPatternChars = 200;

/// One thing wrong with a setting. field is the storage key ("unit.code", "hours.open", ...);
/// a problem with one procedure names it "procedures.<index>" (index from 0).
/// message is a whole sentence for a person, in Vietnamese and English.
struct SettingProblem {
    std::string field;
    Text message;
};

/// Common kiosk panel diagonals in tenths of an inch, smallest first: the staff screen steps
/// through them (0, automatic, before the first).
const std::vector<int>& commonPanelTenths();
/// "15.6" for 156, "0" for 0.
std::string formatPanelTenths(int tenths);
/// "15.6" or "15" -> 156 / 150; anything else (more than one decimal, signs, text) -> nullopt.
std::optional<int> parsePanelTenths(const std::string& text);

/// Unit levels (SPEC 2). Viet Nam's state has had no district level since 2025 (district-level
/// police ended on 1 March 2025, district-level government on 1 July 2025): new settings have
/// the level "central", "province" or "commune" (communes, wards and special zones), or none.
/// "district" is a former level: still read in settings and data recorded before, never
/// taken as a new value.
bool isUnitLevel(const std::string& level);        ///< central, province, commune or "" (not set)
bool isFormerUnitLevel(const std::string& level);  ///< "district"
/// 2025-07-01T00:00 in Viet Nam (UTC+7): from then on no unit of any sector is at district level.
constexpr std::int64_t DistrictLevelEndedUtcMs = 1'751'302'800'000;

/// What validation does with a former unit level ("district").
enum class FormerLevel {
    Refused,  ///< a new value: refused, the message says the district level ended in 2025
    Kept,     ///< the value already stored (or recorded before the change): accepted as it is
};

/// Checks every field; returns all problems found, in field order (empty = valid). Names
/// must be valid UTF-8 without control characters. The questionnaire file, when set, must
/// exist, be a regular file and load without mistakes (checked on the file system now).
/// A former unit level is refused unless former is FormerLevel::Kept (SettingsStore keeps the
/// level it holds: a kiosk set up before 2025 loads and saves its settings as before).
[[nodiscard]] std::vector<SettingProblem> validateSettings(const KioskSettings& s,
                                                           FormerLevel former = FormerLevel::Refused);

/// The settings encoded as stored, key -> value, for every key of the table above.
std::vector<std::pair<std::string, std::string>> encodeSettings(const KioskSettings& s);

/// A unit level in Vietnamese words, as official documents write it ("province" -> "Tỉnh",
/// "district" -> "Huyện" for data from before 2025); "" or an unknown level as it is.
std::string unitLevelWords(const std::string& level);

/// True for [A-Za-z0-9._-]{1,32}: the form of unit and procedure codes.
bool isValidCode(const std::string& code);
/// A value quoted in a message for a person: control characters become spaces, the bytes of
/// invalid UTF-8 '?', and at most maxChars characters are kept (then "…").
std::string quoteForMessage(const std::string& value, std::size_t maxChars = 40);

/// "07:30" for 450; minutes outside 0..1439 are formatted as they come (e.g. "24:00").
std::string formatHoursMinutes(int minuteOfDay);

/// True if local time (utcMs + offset) is inside opening hours: an open day, and
/// openMinute <= minute of the day < closeMinute.
bool withinOpeningHours(const OpeningHours& h, std::int64_t utcMs, int utcOffsetMinutes);
/// The first closing time (UTC ms) strictly after afterUtcMs, any day of the week: an
/// officer signed in at afterUtcMs ends their shift then.
std::int64_t nextClosingUtcMs(const OpeningHours& h, std::int64_t afterUtcMs, int utcOffsetMinutes);
/// Start of the local day containing utcMs, in UTC ms.
std::int64_t localDayStartUtcMs(std::int64_t utcMs, int utcOffsetMinutes);

}  // namespace hailong::core
