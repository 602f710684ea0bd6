// The kiosk database itself: durability settings, schema versions and migration,
// refusal of files it must not touch, settings and questionnaires (SPEC 5).
#include "base/clock.h"
#include "base/ids.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/response_dump.h"
#include "support/temp_dir.h"
#include "survey/response_store.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace hailong::core;
using hailong::test::dumpResponse;
using hailong::test::TempDir;

namespace {

std::string pragma(KioskDatabase& db, const std::string& name) {
    return db.db().execAndGet("PRAGMA " + name).getString();
}

/// Every field of a response as text, one per line, so a mismatch shows which.
void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string readFile(const std::filesystem::path& path) {
    std::string bytes(std::filesystem::file_size(path), '\0');
    std::ifstream(path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return bytes;
}

}  // namespace

TEST_CASE("a fresh database uses WAL with synchronous FULL and the current schema", "[storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);

    CHECK(pragma(db, "journal_mode") == "wal");
    CHECK(pragma(db, "synchronous") == "2");  // 2 = FULL
    CHECK(pragma(db, "foreign_keys") == "1");
    CHECK(pragma(db, "busy_timeout") != "0");
    CHECK(pragma(db, "user_version") == std::to_string(KioskDatabase::SchemaVersion));
    CHECK(db.schemaVersion() == KioskDatabase::SchemaVersion);
    CHECK(db.installUtcMs() == clock.wallMs());
    CHECK(db.path() == dir / "kiosk.db");
}

TEST_CASE("the kiosk id is a UUID made at first start and kept after reopening", "[storage]") {
    TempDir dir;
    ManualClock clock;
    RandomIds ids;
    std::string first;
    {
        KioskDatabase db(dir / "kiosk.db", clock, ids);
        first = db.kioskId();
        CHECK(isUuid(first));
    }
    clock.advanceMs(86'400'000);
    KioskDatabase again(dir / "kiosk.db", clock, ids);
    CHECK(again.kioskId() == first);
    CHECK(again.installUtcMs() == clock.wallMs() - 86'400'000);
}

TEST_CASE("an empty file is migrated to the current schema", "[storage]") {
    TempDir dir;
    writeFile(dir / "kiosk.db", "");
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    CHECK(db.schemaVersion() == KioskDatabase::SchemaVersion);
    CHECK(db.kioskId() == "00000000-0000-4000-8000-000000000001");
    for (const char* table : {"meta", "settings", "questionnaires", "responses", "answers", "audit_log", "officers",
                              "counter_officer", "pin_pad"}) {
        INFO(table);
        CHECK(db.db().tableExists(table));
    }
}

TEST_CASE("reopening the database keeps the responses and every field", "[storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    Response r;
    r.uuid = ids.newUuid();
    r.unit = UnitInfo{"H56", "UBND xã Tân Phú", "commune", "Quầy 2"};
    r.officerId = "cb-01";
    r.procedureCode = "2.000123";
    r.dossierCode = "000.00.12.H56-260101-0001";
    r.questionnaireId = "default";
    r.questionnaireVersion = 1;
    r.language = Language::En;
    r.answers = {Answer{"overall", Scale::ThreeLevel, {"not_satisfied"}, clock.wallMs()}};
    r.startedUtcMs = clock.wallMs();
    r.utcOffsetMinutes = 420;
    r.bootId = clock.bootId();
    r.startedMonoMs = clock.monoMs();
    Response later;
    {
        KioskDatabase db(dir / "kiosk.db", clock, ids);
        SqliteResponseStore store(db);
        store.begin(r);
        clock.advanceMs(4'000);
        const Answer why{"reasons", Scale::MultiSelect, {"waiting", "attitude"}, clock.wallMs()};
        store.saveAnswer(r.uuid, why);
        store.setComment(r.uuid, "Chờ lâu quá");
        store.finish(r.uuid, EndReason::Completed, clock.wallMs(), clock.monoMs());
        r.answers.push_back(why);
        r.comment = "Chờ lâu quá";
        r.endReason = EndReason::Completed;
        r.endedUtcMs = clock.wallMs();
        r.endedMonoMs = clock.monoMs();

        later = r;
        later.uuid = ids.newUuid();
        later.answers.resize(1);
        later.endReason = EndReason::InProgress;
        later.endedUtcMs = 0;
        later.endedMonoMs = 0;
        store.begin(later);  // left in progress, as by a crash
    }
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    SqliteResponseStore store(db);
    REQUIRE(store.count() == 2);
    const std::optional<Response> got = store.find(r.uuid);
    REQUIRE(got);
    CHECK(dumpResponse(*got) == dumpResponse(r));
    CHECK(store.all().back().endReason == EndReason::InProgress);
    CHECK(store.all().back().supersedesUuid == r.uuid);  // same dossier: linked, both kept

    SECTION("sequence numbers keep growing after reopening") {
        Response next = later;
        next.uuid = ids.newUuid();
        CHECK(store.begin(next) == later.seq + 1);
    }
}

TEST_CASE("a version 1 database is migrated in place keeping its responses and identity", "[storage]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase::createAtVersion(path, 1, clock, ids);
    const std::string a1 = "00000000-0000-4000-8000-0000000000a1", a2 = "00000000-0000-4000-8000-0000000000a2";
    {  // Rows as the version 1 program wrote them: its columns, no supersedes_uuid.
        SQLite::Database v1(path.string(), SQLite::OPEN_READWRITE);
        REQUIRE(v1.execAndGet("PRAGMA user_version").getInt() == 1);
        REQUIRE_FALSE(v1.tableExists("audit_log"));
        v1.exec("INSERT INTO settings VALUES ('unit.name', 'UBND xã Tân Phú');"
                "INSERT INTO responses (uuid, kiosk_id, unit_code, officer_id, dossier_code, questionnaire_id, "
                "questionnaire_version, language, comment, started_utc_ms, ended_utc_ms, utc_offset_min, boot_id, "
                "started_mono_ms, ended_mono_ms, end_reason, misuse_flags, last_activity_mono_ms) VALUES "
                "('" +
                a1 +
                "', '00000000-0000-4000-8000-000000000001', 'H56', 'cb-01', 'HS-1', 'default', 1, "
                "'vi', 'Tốt', 1000, 9000, 420, 'boot-1', 5000, 13000, 'completed', 0, 13000), "
                "('" +
                a2 +
                "', '00000000-0000-4000-8000-000000000001', 'H56', '', 'HS-1', 'default', 1, "
                "'en', '', 60000, NULL, 420, 'boot-1', 64000, NULL, 'in_progress', 1, 64000);"
                "INSERT INTO answers VALUES (1, 'overall', 'three_level', 'satisfied', 0, 0, 1000), "
                "(2, 'overall', 'three_level', 'not_satisfied', 0, 0, 60000), "
                "(2, 'reasons', 'multi_select', 'waiting', 0, 1, 61000), (2, 'reasons', 'multi_select', 'fees', 1, 1, "
                "61000)");
    }
    clock.advanceMs(86'400'000);
    KioskDatabase db(path, clock, ids);
    CHECK(db.schemaVersion() == KioskDatabase::SchemaVersion);
    CHECK(db.kioskId() == "00000000-0000-4000-8000-000000000001");
    CHECK(db.installUtcMs() == clock.wallMs() - 86'400'000);
    CHECK(db.setting("unit.name") == "UBND xã Tân Phú");
    CHECK(db.integrityCheck() == "ok");
    SqliteResponseStore store(db);
    const std::vector<Response> all = store.all();
    REQUIRE(all.size() == 2);
    CHECK((all[0].uuid == a1 && all[0].comment == "Tốt" && all[0].officerId == "cb-01"));
    CHECK((all[0].endReason == EndReason::Completed && all[0].endedMonoMs == 13'000));
    CHECK(all[0].answers == std::vector<Answer>{{"overall", Scale::ThreeLevel, {"satisfied"}, 1000}});
    CHECK(all[1].endReason == EndReason::InProgress);
    CHECK(all[1].misuseFlags == misuse::RapidRepeat);
    REQUIRE(all[1].answers.size() == 2);
    CHECK(all[1].answers[1].values == std::vector<std::string>{"waiting", "fees"});
    CHECK((all[0].supersedesUuid.empty() && all[1].supersedesUuid.empty()));  // not linked after the fact

    Response next = all[1];
    next.uuid = ids.newUuid();
    next.answers.resize(1);
    CHECK(store.begin(next) == 3);  // sequence numbers go on
    CHECK(next.supersedesUuid == a2);
    CHECK(store.find(next.uuid)->supersedesUuid == a2);
}

TEST_CASE("a migration that fails leaves the database at its old version", "[storage]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase::createAtVersion(path, 1, clock, ids);
    SQLite::Database(path.string(), SQLite::OPEN_READWRITE).exec("CREATE TABLE officers (x)");  // in v2's way
    CHECK_THROWS_WITH(KioskDatabase(path, clock, ids), Catch::Contains("migrate") && Catch::Contains(path.string()));
    SQLite::Database raw(path.string());
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK_FALSE(raw.tableExists("audit_log"));
    CHECK(
        raw.execAndGet("SELECT count(*) FROM pragma_table_info('responses') WHERE name = 'supersedes_uuid'").getInt() ==
        0);
}

TEST_CASE("a database from a newer program is refused with a clear message", "[storage]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    const int future = KioskDatabase::SchemaVersion + 1;
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE from_the_future (x); PRAGMA user_version = " + std::to_string(future));
    }
    ManualClock clock;
    SequentialIds ids;
    const std::string expected = "database schema version " + std::to_string(future) +
                                 " is newer than this program supports (" +
                                 std::to_string(KioskDatabase::SchemaVersion) + "); upgrade the program";
    CHECK_THROWS_WITH(KioskDatabase(path, clock, ids), Catch::Contains(expected) && Catch::Contains(path.string()));

    SQLite::Database raw(path.string());
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == future);  // left as it was
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "delete");
    CHECK_FALSE(raw.tableExists("responses"));
}

TEST_CASE("a file that is not a database is refused with the file name in the message", "[storage]") {
    TempDir dir;
    const auto path = dir / "notes.db";
    std::string text;
    for (int i = 0; i < 200; ++i) text += "Đây không phải là cơ sở dữ liệu. ";
    writeFile(path, text);
    ManualClock clock;
    SequentialIds ids;
    CHECK_THROWS_AS(KioskDatabase(path, clock, ids), StorageError);
    CHECK_THROWS_WITH(KioskDatabase(path, clock, ids),
                      Catch::Contains(path.string()) && Catch::Contains("not a database"));

    CHECK(readFile(path) == text);  // not overwritten
}

TEST_CASE("an SQLite database of another program is refused and left untouched", "[storage]") {
    TempDir dir;
    const auto path = dir / "other.db";
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    ManualClock clock;
    SequentialIds ids;
    CHECK_THROWS_WITH(KioskDatabase(path, clock, ids),
                      Catch::Contains(path.string()) && Catch::Contains("another program"));
    SQLite::Database raw(path.string());
    CHECK_FALSE(raw.tableExists("responses"));
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 0);
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "delete");
}

TEST_CASE("a database that cannot be created is refused with the path in the message", "[storage]") {
    TempDir dir;
    const auto path = dir / "no-such-dir" / "kiosk.db";
    ManualClock clock;
    SequentialIds ids;
    CHECK_THROWS_WITH(KioskDatabase(path, clock, ids), Catch::Contains(path.string()));
}

TEST_CASE("the integrity check at open reports ok on a healthy database", "[storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    { KioskDatabase created(dir / "kiosk.db", clock, ids); }
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    CHECK(db.integrityAtOpen() == "ok");
    CHECK(db.integrityCheck() == "ok");
}

TEST_CASE("remembered questionnaires give the last good one and refuse changed content", "[storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    CHECK_FALSE(db.lastGoodQuestionnaire());

    const std::string v1 = "id = \"quay\"\nversion = 1\n";
    const std::string v2 = "id = \"quay\"\nversion = 2\n";
    db.rememberQuestionnaire("quay", 1, v1, clock.wallMs());
    CHECK(db.lastGoodQuestionnaire() == v1);

    SECTION("a newer activation becomes the last good one") {
        clock.advanceMs(1'000);
        db.rememberQuestionnaire("quay", 2, v2, clock.wallMs());
        CHECK(db.lastGoodQuestionnaire() == v2);

        SECTION("activating the older one again makes it the last good one") {
            clock.advanceMs(1'000);
            db.rememberQuestionnaire("quay", 1, v1, clock.wallMs());
            CHECK(db.lastGoodQuestionnaire() == v1);
        }
    }
    SECTION("the same id and version with different content is refused") {
        clock.advanceMs(1'000);
        CHECK_THROWS_WITH(db.rememberQuestionnaire("quay", 1, v1 + "# edited\n", clock.wallMs()),
                          "questionnaire quay version 1 is already stored with different content; "
                          "raise its version");
        CHECK(db.lastGoodQuestionnaire() == v1);
        CHECK(db.db().execAndGet("SELECT count(*) FROM questionnaires").getInt() == 1);
    }
    SECTION("the last good questionnaire survives reopening") {
        KioskDatabase again(dir / "kiosk.db", clock, ids);
        CHECK(again.lastGoodQuestionnaire() == v1);
    }
}

TEST_CASE("settings are stored replaced and kept after reopening", "[storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    {
        KioskDatabase db(dir / "kiosk.db", clock, ids);
        CHECK_FALSE(db.setting("unit.name"));
        db.setSetting("unit.name", "UBND phường 1");
        db.setSetting("idle_timeout_s", "30");
        CHECK(db.setting("unit.name") == "UBND phường 1");
        db.setSetting("unit.name", "UBND phường Bến Thành");
        CHECK(db.setting("unit.name") == "UBND phường Bến Thành");
        db.setSetting("empty", "");
        CHECK(db.setting("empty") == "");
    }
    KioskDatabase db(dir / "kiosk.db", clock, ids);
    CHECK(db.setting("unit.name") == "UBND phường Bến Thành");
    CHECK(db.setting("idle_timeout_s") == "30");
}

TEST_CASE("formatLocalIso writes local time with its offset", "[storage][clock]") {
    CHECK(formatLocalIso(1'767'225'600'000, 420) == "2026-01-01T07:00:00.000+07:00");
    CHECK(formatLocalIso(1'767'225'600'123, 0) == "2026-01-01T00:00:00.123+00:00");
    CHECK(formatLocalIso(946'684'799'999, -330) == "1999-12-31T18:29:59.999-05:30");
    CHECK(formatLocalIso(-1, 0) == "1969-12-31T23:59:59.999+00:00");
}

TEST_CASE("ids are lowercase version 4 UUIDs", "[storage][ids]") {
    RandomIds random;
    const std::string a = random.newUuid();
    CHECK(isUuid(a));
    CHECK(a[14] == '4');
    CHECK(std::string("89ab").find(a[19]) != std::string::npos);
    CHECK(random.newUuid() != a);

    SequentialIds seq;
    CHECK(seq.newUuid() == "00000000-0000-4000-8000-000000000001");
    CHECK(seq.newUuid() == "00000000-0000-4000-8000-000000000002");

    CHECK_FALSE(isUuid("00000000-0000-4000-8000-00000000000G"));
    CHECK_FALSE(isUuid("00000000-0000-4000-8000-00000000000A"));
    CHECK_FALSE(isUuid("00000000000040008000000000000001"));
}

TEST_CASE("the system clock gives plausible times and a boot id", "[storage][clock]") {
    SystemClock clock;
    CHECK(clock.wallMs() > 1'600'000'000'000);
    const std::int64_t mono = clock.monoMs();
    CHECK(mono > 0);
    CHECK(clock.monoMs() >= mono);
    CHECK(clock.utcOffsetMinutes() >= -12 * 60);
    CHECK(clock.utcOffsetMinutes() <= 14 * 60);
    CHECK_FALSE(clock.bootId().empty());
}

TEST_CASE("end reasons have stable names", "[storage]") {
    for (EndReason why :
         {EndReason::InProgress, EndReason::Completed, EndReason::Skipped, EndReason::Timeout, EndReason::Interrupted})
        CHECK(endReasonFromName(endReasonName(why)) == why);
    CHECK(endReasonName(EndReason::InProgress) == "in_progress");
    CHECK(endReasonName(EndReason::Interrupted) == "interrupted");
    CHECK_FALSE(endReasonFromName("done"));
}
