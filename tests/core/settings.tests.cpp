// Kiosk settings: validation with messages for a person, storage in the settings table,
// damaged stored values, and opening hours in local time.
#include "survey/settings.h"
#include "base/clock.h"
#include "base/ids.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/settings_store.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <tuple>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

struct Kiosk {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    SettingsStore store{db};
};

using Changes = std::vector<std::tuple<std::string, std::string, std::string>>;

SettingsStore::OnChange recordInto(Changes& changes) {
    return
        [&changes](const std::string& k, const std::string& o, const std::string& n) { changes.emplace_back(k, o, n); };
}

std::int64_t settingRows(KioskDatabase& db) { return db.db().execAndGet("SELECT count(*) FROM settings").getInt(); }

/// The one problem validation finds in s; fails unless there is exactly one, on field, with
/// a message in both languages (Vietnamese with diacritics, English) that contains the hints.
void onlyProblem(const KioskSettings& s, const std::string& field, const std::string& viHint,
                 const std::string& enHint) {
    const std::vector<SettingProblem> problems = validateSettings(s);
    REQUIRE(problems.size() == 1);
    const SettingProblem& p = problems.front();
    CHECK(p.field == field);
    CHECK_THAT(p.message.vi, Catch::Contains(viHint));
    CHECK_THAT(p.message.en, Catch::Contains(enHint));
    CHECK((p.message.vi != p.message.en && p.message.vi.back() == '.' && p.message.en.back() == '.'));
}

KioskSettings configured() {
    KioskSettings s;
    s.unitCode = "000.00.01.H56";
    s.unitName = "Công an phường Bến Nghé";
    s.unitLevel = "commune";
    s.counterName = "Quầy số 1";
    s.procedures = {Procedure{"1.001234", Text{"Đăng ký thường trú", "Permanent residence registration"}},
                    Procedure{"CCCD", Text{"Cấp thẻ Căn cước", "Issuing an identity card"}}};
    s.idleTimeoutSeconds = 45;
    s.hours.openMinute = 8 * 60;
    s.hours.closeMinute = 16 * 60 + 30;
    s.hours.days = {{false, true, true, true, true, true, false}};
    s.flagOutsideHours = false;
    s.defaultLanguage = Language::En;
    s.dossierPattern = "^HS-[0-9]{6}$";
    return s;
}

constexpr std::int64_t HourMs = 3'600'000;
constexpr std::int64_t MinuteMs = 60'000;
constexpr std::int64_t Thu2026 = 1'767'225'600'000;          // 2026-01-01T00:00Z, a Thursday
constexpr std::int64_t SunJan4 = Thu2026 + 3 * 24 * HourMs;  // 2026-01-04T00:00Z, a Sunday

}  // namespace

TEST_CASE("the default settings are valid", "[settings]") {
    CHECK(validateSettings(KioskSettings{}).empty());
    CHECK(validateSettings(configured()).empty());
}

TEST_CASE("each bad value is refused with a message in both languages", "[settings]") {
    KioskSettings s = configured();
    SECTION("a unit code with a space, an accent or more than 32 characters") {
        s.unitCode = "CA BN";
        onlyProblem(s, "unit.code", "Mã đơn vị “CA BN” không hợp lệ", "1 to 32 characters");
        s.unitCode = "Phường1";
        onlyProblem(s, "unit.code", "chữ cái không dấu", "letters without accents");
        s.unitCode = std::string(33, 'A');
        onlyProblem(s, "unit.code", "từ 1 đến 32 ký tự", "is not valid");
        s.unitCode = std::string(32, 'A');
        CHECK(validateSettings(s).empty());
    }
    SECTION("a unit name longer than 120 characters, counted as letters not bytes") {
        std::string name;
        for (int i = 0; i < 120; ++i) name += "ệ";  // 3 bytes each
        s.unitName = name;
        CHECK(validateSettings(s).empty());
        s.unitName = name + "a";
        onlyProblem(s, "unit.name", "Tên đơn vị dài tối đa 120 ký tự (hiện có 121 ký tự)",
                    "The unit name may be at most 120 characters long (it now has 121)");
    }
    SECTION("a name with a line break or bytes that are not UTF-8") {
        s.counterName = "Quầy\nsố 1";
        onlyProblem(s, "counter.name", "không được chứa dấu xuống dòng", "must not contain line breaks");
        s.counterName = "Qu\xE1y";
        onlyProblem(s, "counter.name", "không phải văn bản UTF-8", "not UTF-8 text");
    }
    SECTION("a counter name longer than 60 characters") {
        s.counterName = std::string(61, 'Q');
        onlyProblem(s, "counter.name", "Tên quầy dài tối đa 60 ký tự", "at most 60 characters");
    }
    SECTION("a unit level that is not one of today's three") {
        s.unitLevel = "ward";  // a ward is at commune level
        onlyProblem(s, "unit.level", "Cấp đơn vị “ward” không hợp lệ. Hãy chọn trung ương (central), tỉnh (province)",
                    "Choose central, province or commune (also wards and special zones), or leave it empty");
        for (const char* level : {"", "central", "province", "commune"}) {
            s.unitLevel = level;
            CHECK(validateSettings(s).empty());
        }
    }
    SECTION("the district level as a new value: it ended in 2025") {
        s.unitLevel = "district";
        onlyProblem(s, "unit.level", "cấp huyện đã chấm dứt năm 2025 (công an cấp huyện từ ngày 01/3/2025",
                    "district-level police on 1 March 2025, district-level government on 1 July 2025). Choose "
                    "central, province or commune");
        CHECK(validateSettings(s, FormerLevel::Kept).empty());  // the level stored before: kept
        s.unitLevel = "ward";
        CHECK(validateSettings(s, FormerLevel::Kept).size() == 1);  // only district is a former level
    }
    SECTION("a procedure without a code, with a bad code, or without a name") {
        s.procedures[1].code = "";
        onlyProblem(s, "procedures.1", "Thủ tục thứ 2 chưa có mã", "Procedure 2 has no code");
        s.procedures[1].code = "CC CD";
        onlyProblem(s, "procedures.1", "Mã thủ tục “CC CD” (thủ tục thứ 2) không hợp lệ", "is not valid");
        s.procedures[1].code = "CCCD";
        s.procedures[1].name.vi = "";
        onlyProblem(s, "procedures.1", "Tên tiếng Việt của thủ tục “CCCD” không được để trống",
                    "The Vietnamese name of procedure “CCCD” must not be empty");
        s.procedures[1].name.vi = "Cấp thẻ";
        s.procedures[1].name.en = "   ";
        onlyProblem(s, "procedures.1", "Tên tiếng Anh của thủ tục", "The English name of procedure");
    }
    SECTION("two procedures with the same code, even in other letter case") {
        s.procedures[1].code = "1.001234";
        onlyProblem(s, "procedures.1", "bị trùng (thủ tục thứ 1 và thứ 2)", "is used twice (procedures 1 and 2)");
        s.procedures[1].code = "cccd";
        s.procedures.push_back(Procedure{"CCCD", Text{"Cấp lại", "Reissue"}});
        onlyProblem(s, "procedures.2", "Mã thủ tục “CCCD” bị trùng", "Each procedure needs its own code");
    }
    SECTION("an idle timeout outside 10 to 300 seconds") {
        for (int bad : {9, 301, 0, -30}) {
            s.idleTimeoutSeconds = bad;
            onlyProblem(s, "idle_timeout_s", "Thời gian chờ phải từ 10 đến 300 giây.",
                        "The idle timeout must be between 10 and 300 seconds.");
        }
        for (int good : {10, 300}) {
            s.idleTimeoutSeconds = good;
            CHECK(validateSettings(s).empty());
        }
    }
    SECTION("opening hours that close before they open, leave the day, or have no day") {
        s.hours.openMinute = 17 * 60;
        s.hours.closeMinute = 7 * 60 + 30;
        onlyProblem(s, "hours.close", "Giờ mở cửa (17:00) phải sớm hơn giờ đóng cửa (07:30).",
                    "The opening time (17:00) must be earlier than the closing time (07:30).");
        s.hours.closeMinute = 17 * 60;
        onlyProblem(s, "hours.close", "phải sớm hơn", "must be earlier");
        s.hours.openMinute = -1;
        onlyProblem(s, "hours.open", "Giờ mở cửa phải nằm trong khoảng từ 00:00 đến 23:59.", "between 00:00 and 23:59");
        s.hours.openMinute = 0;
        s.hours.closeMinute = 24 * 60;
        onlyProblem(s, "hours.close", "Giờ đóng cửa phải nằm trong khoảng", "The closing time must be between");
        s.hours.closeMinute = 24 * 60 - 1;
        CHECK(validateSettings(s).empty());
        s.hours.days = {};
        onlyProblem(s, "hours.days", "ít nhất một ngày", "at least one day");
    }
    SECTION("a dossier pattern that is empty or does not compile") {
        s.dossierPattern = "";
        onlyProblem(s, "dossier.pattern", "Mẫu mã hồ sơ không được để trống", "must not be empty");
        s.dossierPattern = "^(HS-[0-9]{6}$";
        onlyProblem(s, "dossier.pattern", "dấu ngoặc tròn ( ) không khớp nhau", "parentheses ( ) do not match");
        s.dossierPattern = "^[Z-A]+$";
        onlyProblem(s, "dossier.pattern", "không phải là biểu thức chính quy hợp lệ", "not a valid regular expression");
        s.dossierPattern = "^HS-[0-9]{6";
        onlyProblem(s, "dossier.pattern", "Ví dụ một mẫu đúng", "An example of a valid pattern");
    }
    SECTION("a questionnaire file that does not exist, is a folder or has a mistake") {
        TempDir dir;
        s.questionnaireFile = (dir / "missing.toml").string();
        onlyProblem(s, "questionnaire.file", "Không tìm thấy tệp bộ câu hỏi", "was not found");
        s.questionnaireFile = dir.path().string();
        onlyProblem(s, "questionnaire.file", "không phải là một tệp", "is not a file");
        std::ofstream(dir / "donvi.toml") << "format = \"hailong-questionnaire/1\"\n";
        s.questionnaireFile = (dir / "donvi.toml").string();
        onlyProblem(s, "questionnaire.file", "Tệp bộ câu hỏi có lỗi", "has a mistake");
        const std::string why = validateSettings(s).front().message.en;
        CHECK_THAT(why, Catch::Contains("donvi.toml:"));
        s.questionnaireFile = std::string(HAILONG_TEST_DATA) + "/questionnaires/good/minimal.toml";
        CHECK(validateSettings(s).empty());
    }
    SECTION("several problems are all reported, in field order") {
        s.unitCode = "?";
        s.idleTimeoutSeconds = 5;
        s.hours.days = {};
        std::vector<std::string> fields;
        for (const SettingProblem& p : validateSettings(s)) fields.push_back(p.field);
        CHECK(fields == std::vector<std::string>{"unit.code", "idle_timeout_s", "hours.days"});
    }
}

TEST_CASE("saved settings load back as they were", "[settings]") {
    Kiosk k;
    CHECK(k.store.load() == KioskSettings{});
    const KioskSettings s = configured();
    REQUIRE(k.store.save(s).empty());
    CHECK(k.store.load() == s);
    CHECK(SettingsStore(k.db).load() == s);
    CHECK(k.store.problemsAtLoad().empty());
    SECTION("the keys the kiosk already reads keep their names, and values are plain text") {
        CHECK(k.db.setting("unit.code") == "000.00.01.H56");
        CHECK(k.db.setting("unit.name") == "Công an phường Bến Nghé");
        CHECK(k.db.setting("unit.level") == "commune");
        CHECK(k.db.setting("counter.name") == "Quầy số 1");
        CHECK(k.db.setting("idle_timeout_s") == "45");
        CHECK(k.db.setting("hours.open") == "08:00");
        CHECK(k.db.setting("hours.close") == "16:30");
        CHECK(k.db.setting("hours.days") == "0111110");
        CHECK(k.db.setting("hours.flag") == "0");
        CHECK(k.db.setting("language.default") == "en");
        CHECK(k.db.setting("procedures") == "1.001234\tĐăng ký thường trú\tPermanent residence registration\n"
                                            "CCCD\tCấp thẻ Căn cước\tIssuing an identity card");
    }
    SECTION("the comment keyboard's input method and tone style") {
        CHECK_FALSE(k.db.setting("input.method").has_value());  // defaults are not written: Telex, old style
        CHECK_FALSE(k.db.setting("input.tone_style").has_value());
        KioskSettings vni = s;
        vni.vniInput = true;
        vni.newToneStyle = true;
        REQUIRE(k.store.save(vni).empty());
        CHECK(k.db.setting("input.method") == "vni");
        CHECK(k.db.setting("input.tone_style") == "new");
        CHECK(k.store.load() == vni);
    }
    SECTION("an empty procedure list is stored as an empty text") {
        KioskSettings none = s;
        none.procedures.clear();
        REQUIRE(k.store.save(none).empty());
        CHECK(k.db.setting("procedures") == "");
        CHECK(k.store.load().procedures.empty());
    }
}

TEST_CASE("save writes nothing when a value is invalid", "[settings]") {
    Kiosk k;
    REQUIRE(k.store.save(configured()).empty());
    const std::int64_t rows = settingRows(k.db);
    KioskSettings s = configured();
    s.unitName = "Công an phường Sài Gòn";  // valid, but saved only with the rest
    s.idleTimeoutSeconds = 5;
    Changes changes;
    const auto problems = k.store.save(s, recordInto(changes));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "idle_timeout_s");
    CHECK(changes.empty());
    CHECK(k.store.load() == configured());
    CHECK(settingRows(k.db) == rows);
}

TEST_CASE("save reports the keys that changed and only those", "[settings]") {
    Kiosk k;
    Changes changes;
    SECTION("saving the defaults on a new kiosk changes nothing") {
        REQUIRE(k.store.save(KioskSettings{}, recordInto(changes)).empty());
        CHECK(changes.empty());
        CHECK(settingRows(k.db) == 0);
    }
    SECTION("two changed values are two changes, with old and new text") {
        KioskSettings s;
        s.unitName = "UBND xã Tân Phú";
        s.hours.closeMinute = 16 * 60 + 45;
        REQUIRE(k.store.save(s, recordInto(changes)).empty());
        CHECK(changes == Changes{{"unit.name", "", "UBND xã Tân Phú"}, {"hours.close", "17:00", "16:45"}});
        changes.clear();
        REQUIRE(k.store.save(k.store.load(), recordInto(changes)).empty());
        CHECK(changes.empty());
        s.hours.closeMinute = 17 * 60;
        REQUIRE(k.store.save(s, recordInto(changes)).empty());
        CHECK(changes == Changes{{"hours.close", "16:45", "17:00"}});
    }
    SECTION("the audit log receives one entry per changed key") {
        AuditLog log(k.db, k.clock);
        KioskSettings s;
        s.counterName = "Quầy 2";
        s.procedures = {Procedure{"A", Text{"Một", "One"}}, Procedure{"B", Text{"Hai", "Two"}}};
        REQUIRE(k.store.save(s, auditSettingChanges(log)).empty());
        const auto entries = log.since(0);
        std::vector<std::string> details;
        for (const AuditEntry& e : entries)
            if (e.event == audit::SettingChanged) details.push_back(e.detail);
        CHECK(details == std::vector<std::string>{"counter.name: \"\" -> \"Quầy 2\"",
                                                  "procedures: \"\" -> \"A Một One | B Hai Two\""});
    }
}

TEST_CASE("the unit code cannot be emptied once the kiosk is set up", "[settings]") {
    Kiosk k;
    REQUIRE(k.store.save(configured()).empty());
    KioskSettings s = configured();
    s.unitCode.clear();
    const auto problems = k.store.save(s);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "unit.code");
    CHECK_THAT(problems[0].message.vi, Catch::Contains("không thể để trống mã đơn vị"));
    CHECK_THAT(problems[0].message.en, Catch::Contains("cannot be left empty"));
    CHECK(k.store.load().unitCode == "000.00.01.H56");
}

TEST_CASE("damaged stored values fall back to their defaults and are reported", "[settings]") {
    Kiosk k;
    REQUIRE(k.store.save(configured()).empty());
    const KioskSettings d;
    SECTION("values that cannot be read") {
        k.db.setSetting("idle_timeout_s", "ba mươi");
        k.db.setSetting("hours.open", "8h");
        k.db.setSetting("hours.days", "1111111x");
        k.db.setSetting("hours.flag", "yes");
        k.db.setSetting("language.default", "fr");
        k.db.setSetting("input.method", "unikey");
        k.db.setSetting("input.tone_style", "modern");
        const KioskSettings s = k.store.load();
        CHECK_FALSE(s.vniInput);
        CHECK_FALSE(s.newToneStyle);
        CHECK(s.idleTimeoutSeconds == d.idleTimeoutSeconds);
        CHECK(s.hours.openMinute == d.hours.openMinute);
        CHECK(s.hours.closeMinute == 16 * 60 + 30);  // undamaged, and still after the opening
        CHECK(s.hours.days == d.hours.days);
        CHECK(s.flagOutsideHours == d.flagOutsideHours);
        CHECK(s.defaultLanguage == Language::Vi);
        CHECK(s.unitName == configured().unitName);  // the rest is kept
        const auto problems = k.store.problemsAtLoad();
        std::vector<std::string> fields;
        for (const auto& p : problems) fields.push_back(p.field);
        CHECK(fields == std::vector<std::string>{"idle_timeout_s", "hours.open", "hours.days", "hours.flag",
                                                 "language.default", "input.method", "input.tone_style"});
        CHECK_THAT(problems[0].message.vi, Catch::Contains("(“ba mươi”) bị hỏng nên máy đang dùng giá trị mặc định"));
        CHECK_THAT(problems[0].message.en, Catch::Contains("is damaged, so the kiosk uses the default “30”"));
    }
    SECTION("values that read but are not valid") {
        k.db.setSetting("idle_timeout_s", "5");
        k.db.setSetting("unit.level", "ward");
        k.db.setSetting("dossier.pattern", "^(HS");
        k.db.setSetting("hours.open", "18:00");  // after the closing time 16:30
        const KioskSettings s = k.store.load();
        CHECK(s.idleTimeoutSeconds == 30);
        CHECK(s.unitLevel == "");
        CHECK(s.dossierPattern == d.dossierPattern);
        CHECK(s.hours.openMinute == d.hours.openMinute);
        CHECK(s.hours.closeMinute == d.hours.closeMinute);
        const auto problems = k.store.problemsAtLoad();
        REQUIRE(problems.size() == 4);
        CHECK_THAT(problems[0].message.vi, Catch::Contains("Máy đang dùng giá trị mặc định"));
        CHECK_THAT(problems[0].message.en, Catch::Contains("The kiosk uses the default"));
        CHECK(validateSettings(s).empty());
    }
    SECTION("only the damaged lines of the procedure list are left out") {
        k.db.setSetting("procedures", "A\tMột\tOne\nbroken line\nB C\tHai\tTwo\na\tBốn\tFour\nD\tNăm\tFive");
        const KioskSettings s = k.store.load();
        REQUIRE(s.procedures.size() == 2);
        CHECK(s.procedures[0].code == "A");
        CHECK(s.procedures[1].code == "D");
        CHECK(k.store.problemsAtLoad().size() == 3);  // the unreadable line, the bad code, the duplicate
    }
    SECTION("saving again repairs the stored values") {
        k.db.setSetting("hours.flag", "maybe");
        Changes changes;
        REQUIRE(k.store.save(k.store.load(), recordInto(changes)).empty());
        CHECK(changes == Changes{{"hours.flag", "maybe", "1"}});
        CHECK(k.store.problemsAtLoad().empty());
    }
    SECTION("a questionnaire file that went missing is kept for the loader to report") {
        k.db.setSetting("questionnaire.file", "/nowhere/donvi.toml");
        CHECK(k.store.load().questionnaireFile == "/nowhere/donvi.toml");
        CHECK(k.store.problemsAtLoad().empty());
    }
}

TEST_CASE("a kiosk set up at district level before 2025 loads, keeps and saves it until another is chosen",
          "[settings]") {
    Kiosk k;  // installed in 2026: the level was stored by the program of before
    REQUIRE(k.store.save(configured()).empty());
    k.db.setSetting("unit.name", "Công an huyện Quỳnh Lưu");
    k.db.setSetting("unit.level", "district");
    const KioskSettings stored = k.store.load();
    CHECK(stored.unitLevel == "district");
    CHECK(stored.unitName == "Công an huyện Quỳnh Lưu");
    CHECK(k.store.problemsAtLoad().empty());  // not damage: nothing reported, nothing reset

    SECTION("saving other changes keeps it, unchanged and not audited") {
        KioskSettings s = stored;
        s.idleTimeoutSeconds = 60;
        Changes changes;
        REQUIRE(k.store.save(s, recordInto(changes)).empty());
        CHECK(changes == Changes{{"idle_timeout_s", "45", "60"}});
        CHECK(k.db.setting("unit.level") == "district");
        CHECK(k.store.load() == s);
    }
    SECTION("another level replaces it, and district cannot come back") {
        KioskSettings s = stored;
        s.unitLevel = "commune";
        Changes changes;
        REQUIRE(k.store.save(s, recordInto(changes)).empty());
        CHECK(changes == Changes{{"unit.level", "district", "commune"}});
        s.unitLevel = "district";
        const auto problems = k.store.save(s, recordInto(changes));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].field == "unit.level");
        CHECK_THAT(problems[0].message.vi, Catch::Contains("cấp huyện đã chấm dứt năm 2025"));
        CHECK_THAT(problems[0].message.en, Catch::Contains("it ended in 2025"));
        CHECK(k.db.setting("unit.level") == "commune");
        CHECK(changes.size() == 1);
    }
}

TEST_CASE("a kiosk made since July 2025 is never given the district level, one made before may be", "[settings]") {
    KioskSettings s = configured();
    s.unitLevel = "district";
    SECTION("made in 2026: refused, nothing written") {
        Kiosk k;
        const auto problems = k.store.save(s);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].field == "unit.level");
        CHECK_THAT(problems[0].message.vi, Catch::Contains("Không thể chọn cấp huyện (district) cho cài đặt mới"));
        CHECK_THAT(problems[0].message.en, Catch::Contains("The district level cannot be chosen for new settings"));
        CHECK(settingRows(k.db) == 0);
    }
    for (const auto& [installed, taken] :
         {std::pair{DistrictLevelEndedUtcMs, false}, std::pair{DistrictLevelEndedUtcMs - 1, true},
          std::pair{std::int64_t{1'735'689'600'000} /* 2025-01-01 */, true}}) {
        INFO("installed at " << installed);
        TempDir dir;
        ManualClock clock(installed);
        SequentialIds ids;
        KioskDatabase db(dir / "kiosk.db", clock, ids);
        clock.advanceMs(400LL * 86'400'000);  // a date today does not matter: the kiosk's own age does
        SettingsStore store(db);
        CHECK(store.save(s).empty() == taken);
        CHECK(store.load().unitLevel == (taken ? "district" : ""));
    }
}

TEST_CASE("a database of an older program with the district level opens with it", "[settings][storage]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase::createAtVersion(path, 1, clock, ids);
    {
        SQLite::Database v1(path.string(), SQLite::OPEN_READWRITE);
        v1.exec("INSERT INTO settings VALUES ('unit.code', 'CAH-QL'), ('unit.name', 'Công an huyện Quỳnh Lưu'), "
                "('unit.level', 'district'), ('counter.name', 'Quầy 1')");
    }
    KioskDatabase db(path, clock, ids);
    SettingsStore store(db);
    const KioskSettings s = store.load();
    CHECK(s.unitCode == "CAH-QL");
    CHECK(s.unitLevel == "district");
    CHECK(store.problemsAtLoad().empty());
    CHECK(store.save(s).empty());  // saving what was loaded changes nothing
    CHECK(db.setting("unit.level") == "district");
}

TEST_CASE("opening hours are judged in the kiosk's local time", "[settings]") {
    const OpeningHours h;  // 07:30-17:00, Monday to Saturday
    const int vn = 7 * 60;
    const std::int64_t monLocalMidnight = SunJan4 + 24 * HourMs - 7 * HourMs;  // Monday 00:00 at +07:00
    SECTION("the opening minute is inside, the closing minute outside") {
        CHECK_FALSE(withinOpeningHours(h, monLocalMidnight + 7 * HourMs + 29 * MinuteMs + 59'999, vn));
        CHECK(withinOpeningHours(h, monLocalMidnight + 7 * HourMs + 30 * MinuteMs, vn));
        CHECK(withinOpeningHours(h, monLocalMidnight + 16 * HourMs + 59 * MinuteMs + 59'999, vn));
        CHECK_FALSE(withinOpeningHours(h, monLocalMidnight + 17 * HourMs, vn));
    }
    SECTION("a closed day is outside all day") {
        CHECK_FALSE(withinOpeningHours(h, SunJan4 + 3 * HourMs, vn));  // Sunday 10:00 local
        CHECK(withinOpeningHours(h, SunJan4 - 21 * HourMs, vn));       // Saturday 10:00 local
    }
    SECTION("+07:00 crosses UTC midnight") {
        // Sunday 23:30Z is Monday 06:30 local (closed); Monday 00:30Z is 07:30 local (open).
        CHECK_FALSE(withinOpeningHours(h, SunJan4 + 23 * HourMs + 30 * MinuteMs, vn));
        CHECK(withinOpeningHours(h, SunJan4 + 24 * HourMs + 30 * MinuteMs, vn));
        // Saturday 17:00Z is Sunday 00:00 local: closed, though Saturday is open.
        CHECK_FALSE(withinOpeningHours(h, SunJan4 - 7 * HourMs, vn));
        // The same instant in UTC itself is Saturday 17:00, the closing minute.
        CHECK_FALSE(withinOpeningHours(h, SunJan4 - 7 * HourMs, 0));
        CHECK(withinOpeningHours(h, SunJan4 - 7 * HourMs - 1, 0));
    }
    SECTION("times before 1970 (a dead clock battery) still get the right weekday") {
        // 1969-12-28 was a Sunday; 1969-12-29 a Monday.
        const std::int64_t sun1969 = -4 * 24 * HourMs;
        CHECK_FALSE(withinOpeningHours(h, sun1969 + 10 * HourMs, 0));
        CHECK(withinOpeningHours(h, sun1969 + 34 * HourMs, 0));
    }
}

TEST_CASE("a shift ends at the first closing time after the sign-in", "[settings]") {
    using namespace hailong::core;
    OpeningHours h;                              // closes at 17:00 local
    const std::int64_t day = 1'767'200'400'000;  // 2026-01-01 00:00 at +07:00 (17:00 UTC the day before)
    const int vn = 420;
    REQUIRE(localDayStartUtcMs(day, vn) == day);
    CHECK(nextClosingUtcMs(h, day + 8 * 3'600'000, vn) == day + 17 * 3'600'000);   // signed in at 08:00
    CHECK(nextClosingUtcMs(h, day + 17 * 3'600'000, vn) == day + 41 * 3'600'000);  // at 17:00: tomorrow's
    CHECK(nextClosingUtcMs(h, day + 20 * 3'600'000, vn) == day + 41 * 3'600'000);  // overtime: tomorrow's
}
