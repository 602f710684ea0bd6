// Packages from headquarters at the kiosk (issue 19): pinning the key, the plan, the refusals
// (forged, replayed, rolled back, for another unit or kiosk, damaged, no key), applying all or
// nothing, receipts, rotation, and the staff flow's screens over it.
#include "flow/package_apply.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "flow/hq_link_flow.h"
#include "flow/settings_apply.h"
#include "flow/staff_flow.h"
#include "store/questionnaire_choice.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace hailong::core;

namespace {

/// Everything a package could touch, to compare before and after.
struct Snapshot {
    std::vector<std::pair<std::string, std::string>> settings, meta;
    std::int64_t auditRows = 0, questionnaires = 0;
    bool operator==(const Snapshot& o) const {
        return settings == o.settings && meta == o.meta && auditRows == o.auditRows &&
               questionnaires == o.questionnaires;
    }
};

std::string questionnaireSource(const std::string& id, int version) {
    std::string s = defaultQuestionnaire().source;
    const auto idAt = s.find("id = \"default\"");
    REQUIRE(idAt != std::string::npos);
    s.replace(idAt, 14, "id = \"" + id + "\"");
    const auto versionAt = s.find("\nversion = ");
    REQUIRE(versionAt != std::string::npos);
    const auto end = s.find('\n', versionAt + 1);
    s.replace(versionAt, end - versionAt, "\nversion = " + std::to_string(version));
    return s;
}

struct Kiosk {
    hailong::test::TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    AuditLog audit{db, clock};
    SettingsStore settings{db};
    HqKeyring hq = HqKeyring::create(dir / "hq", "Công an tỉnh Nghệ An");
    std::filesystem::path questionnaireDir = dir / "questionnaires";

    Kiosk() {
        KioskSettings s = settings.load();
        s.unitCode = "CA-NA-VINH";
        s.unitName = "Công an phường Vinh";
        s.unitLevel = "commune";
        s.procedures = {Procedure{"CCCD", Text{"Cấp thẻ căn cước", "Identity card"}}};
        REQUIRE(settings.save(s).empty());
    }
    void pin() {
        const HqPublicKey& k = hq.current();
        REQUIRE(HqLink(db).pinFirst(PinnedHqKey{k.signHex, k.boxHex, k.name}, k.fingerprint(), audit));
    }
    Package package(std::int64_t serial) const {
        Package p;
        p.hqSignHex = hq.current().signHex;
        p.serial = serial;
        p.madeUtcMs = 1'780'000'000'000;
        p.target.unitCode = "CA-NA-VINH";
        return p;
    }
    Expected<PackagePlan, PackageRefusal> plan(const Package& p) {
        return planPackage(writePackage(p, hq), "p.hlpack", db);
    }
    PackageOutcome apply(const Package& p, std::function<void(const std::string&)> fault = {}) {
        auto planned = plan(p);
        INFO((planned ? std::string() : planned.error().reason.en));
        REQUIRE(planned);
        auto done = applyPackage(*planned, db, audit, PackageApplyOptions{questionnaireDir, std::move(fault)});
        INFO((done ? std::string() : done.error().reason.en));
        REQUIRE(done);
        return *done;
    }
    Snapshot snapshot() {
        Snapshot s;
        for (auto [table, out] : {std::pair{"settings", &s.settings}, std::pair{"meta", &s.meta}}) {
            SQLite::Statement q(db.db(), std::string("SELECT key, value FROM ") + table + " ORDER BY key");
            while (q.executeStep()) out->emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        }
        s.auditRows = db.db().execAndGet("SELECT count(*) FROM audit_log").getInt64();
        s.questionnaires = db.db().execAndGet("SELECT count(*) FROM questionnaires").getInt64();
        return s;
    }
    std::vector<AuditEntry> entries(const std::string& event) const {
        std::vector<AuditEntry> out;
        for (const AuditEntry& e : audit.since(0))
            if (e.event == event) out.push_back(e);
        return out;
    }
};

void requireRefused(Kiosk& k, const std::string& bytes, const std::string& vi, const std::string& en) {
    const Snapshot before = k.snapshot();
    auto planned = planPackage(bytes, "hailong-pkg-test.hlpack", k.db);
    REQUIRE_FALSE(planned);
    INFO(planned.error().reason.en);
    CHECK_THAT(planned.error().reason.vi, Catch::Contains(vi));
    CHECK_THAT(planned.error().reason.en, Catch::Contains(en));
    CHECK(k.snapshot() == before);
}

}  // namespace

TEST_CASE("pinning headquarters' key is audited and happens once", "[package]") {
    Kiosk k;
    CHECK_FALSE(HqLink(k.db).pinnedKey());
    k.pin();
    const auto pinned = HqLink(k.db).pinnedKey();
    REQUIRE(pinned);
    CHECK(pinned->signHex == k.hq.current().signHex);
    CHECK(k.db.meta("hq_box_key") == k.hq.current().boxHex);
    CHECK(k.db.meta("hq_name") == "Công an tỉnh Nghệ An");
    const auto pinnedEntries = k.entries(audit::HqKeyPinned);
    REQUIRE(pinnedEntries.size() == 1);
    CHECK(pinnedEntries[0].detail == "fingerprint=" + k.hq.current().fingerprint() + " sign=" + k.hq.current().signHex +
                                         " box=" + k.hq.current().boxHex);

    hailong::test::TempDir other;
    const HqKeyring stranger = HqKeyring::create(other / "hq", "Someone else");
    const Snapshot before = k.snapshot();
    const HqPublicKey& s = stranger.current();
    CHECK_FALSE(HqLink(k.db).pinFirst(PinnedHqKey{s.signHex, s.boxHex, s.name}, s.fingerprint(), k.audit));
    CHECK(k.snapshot() == before);
}

TEST_CASE("a package is refused with its reason and changes nothing", "[package]") {
    Kiosk k;
    SECTION("no key pinned") {
        requireRefused(k, writePackage(k.package(1), k.hq), "chưa có khóa trung tâm", "no headquarters key is pinned");
    }
    SECTION("once pinned") {
        k.pin();
        SECTION("forged: signed by another keyring") {
            hailong::test::TempDir other;
            const HqKeyring forger = HqKeyring::create(other / "hq", "Công an tỉnh Nghệ An");
            Package p = k.package(1);
            p.hqSignHex = forger.current().signHex;
            p.settings.unitName = "Đơn vị giả";
            requireRefused(k, writePackage(p, forger), "", "");
            auto planned = planPackage(writePackage(p, forger), "x.hlpack", k.db);
            REQUIRE_FALSE(planned);
            CHECK_FALSE(planned.error().reason.vi.empty());
            CHECK_FALSE(planned.error().reason.en.empty());
        }
        SECTION("replayed: the same serial twice") {
            Package p = k.package(5);
            p.settings.unitName = "Công an phường Vinh Tân";
            k.apply(p);
            requireRefused(k, writePackage(p, k.hq), "đã được áp dụng", "already applied");
        }
        SECTION("rolled back: a lower serial") {
            k.apply(k.package(5));
            Package older = k.package(4);
            older.settings.unitName = "Tên cũ";
            requireRefused(k, writePackage(older, k.hq), "cũ hơn gói số 5", "older than package 5");
        }
        SECTION("meant for another unit") {
            Package p = k.package(1);
            p.target.unitCode = "CA-HN-01";
            requireRefused(k, writePackage(p, k.hq), "dành cho đơn vị “CA-HN-01”", "for the unit “CA-HN-01”");
        }
        SECTION("meant for another kiosk") {
            Package p = k.package(1);
            p.target = PackageTarget{"", "11111111-2222-4333-8444-555555555555"};
            requireRefused(k, writePackage(p, k.hq), "dành cho máy khác", "for another kiosk");
        }
        SECTION("truncated") {
            const std::string bytes = writePackage(k.package(1), k.hq);
            requireRefused(k, bytes.substr(0, bytes.size() / 2), "", "");
            requireRefused(k, bytes.substr(0, bytes.size() - 1), "", "");
            requireRefused(k, "", "", "");
        }
        SECTION("a flipped byte") {
            Package p = k.package(1);
            p.message = Text{"Chào các đồng chí", "Hello"};
            const std::string good = writePackage(p, k.hq);
            for (std::size_t at : {std::size_t{0}, good.size() / 3, good.size() / 2, good.size() - 20}) {
                std::string bad = good;
                bad[at] = static_cast<char>(bad[at] ^ 0x01);
                requireRefused(k, bad, "", "");
            }
        }
        SECTION("a questionnaire version the kiosk used with other content") {
            Package first = k.package(1);
            first.questionnaire = QuestionnaireDef{"ca-na", 3, questionnaireSource("ca-na", 3)};
            k.apply(first);
            Package p = k.package(2);
            p.settings.unitName = "Tên mới";
            const std::string changed = questionnaireSource("ca-na", 3) + "\n# another wording\n";
            p.questionnaire = QuestionnaireDef{"ca-na", 3, changed};
            requireRefused(k, writePackage(p, k.hq), "đã được dùng với nội dung khác",
                           "used before with other content");
        }
    }
}

TEST_CASE("a package's questionnaire and procedures are in force for the next citizen", "[package]") {
    Kiosk k;
    k.pin();
    InMemoryResponseStore responses;
    const KioskSettings before = k.settings.load();
    SurveyFlow flow(chooseQuestionnaire({}, k.db, k.clock.wallMs()).questionnaire, responses, k.clock, k.ids,
                    flowConfigFrom(before));
    PinPolicy policy = PinPolicy::fastForTests();
    StaffAuth auth(k.db, k.clock, k.audit, policy);
    OfficerRegistry officers(k.db, k.audit, policy);
    StaffFlow staff(auth, officers, k.audit, k.settings, k.clock, StaffConfig{});
    REQUIRE(flow.questionnaire().id == "default");

    Package p = k.package(7);
    p.questionnaire = QuestionnaireDef{"ca-na", 3, questionnaireSource("ca-na", 3)};
    const std::vector<Procedure> procedures{Procedure{"CCCD", Text{"Cấp thẻ căn cước", "Identity card"}},
                                            Procedure{"HK", Text{"Đăng ký thường trú", "Permanent residence"}},
                                            Procedure{"XNC", Text{"Cấp hộ chiếu", "Passport"}}};
    p.settings.procedures = procedures;
    p.settings.counters[k.db.kioskId()] = "Quầy số 3";
    p.settings.hours = OpeningHours{8 * 60, 16 * 60 + 30, {{false, true, true, true, true, true, true}}};
    p.message = Text{"Từ 1/7 dùng bộ câu hỏi mới.", "The new questionnaire is in use from 1 July."};

    auto planned = k.plan(p);
    REQUIRE(planned);
    std::vector<std::string> keys;
    for (const PackageChange& c : planned->changes) keys.push_back(c.key);
    CHECK(keys == std::vector<std::string>{"hq.change.counter_name", "hq.change.procedures", "hq.change.hours",
                                           "hq.change.questionnaire", "hq.change.message"});
    CHECK(planned->changes[1].after.vi == "3 thủ tục: Cấp thẻ căn cước; Đăng ký thường trú; Cấp hộ chiếu");
    CHECK(planned->changes[2].after.en == "08:00–16:30, Mon Tue Wed Thu Fri Sat");
    CHECK_THAT(planned->changes[3].after.en, Catch::StartsWith("ca-na v3"));

    auto done = applyPackage(*planned, k.db, k.audit, PackageApplyOptions{k.questionnaireDir, {}});
    REQUIRE(done);
    CHECK(done->questionnaireChanged);
    CHECK(std::filesystem::exists(k.questionnaireDir / "hq-ca-na-v3.toml"));

    // As the kiosk does after a save: the settings loaded again and put in force.
    const KioskSettings now = k.settings.load();
    CHECK(now.procedures == procedures);
    CHECK(now.counterName == "Quầy số 3");
    CHECK(now.questionnaireFile == (k.questionnaireDir / "hq-ca-na-v3.toml").u8string());
    applySettings(before, now, flow, staff, k.db, k.clock.wallMs());
    CHECK(flow.questionnaire().id == "ca-na");
    CHECK(flow.questionnaire().version == 3);
    CHECK(flow.config().procedures == procedures);
    // A restart finds the same.
    CHECK(chooseQuestionnaire(now.questionnaireFile, k.db, k.clock.wallMs()).questionnaire.id == "ca-na");

    const auto applied = k.entries(audit::PackageApplied);
    REQUIRE(applied.size() == 1);
    CHECK(applied[0].detail == "serial=7 for=unit:CA-NA-VINH changes=settings,questionnaire,message");
    CHECK(k.entries(audit::SettingChanged).size() >= 4);  // counter, procedures, hours, questionnaire.file
    CHECK(HqLink(k.db).lastSerial() == 7);
    CHECK(HqLink(k.db).message()->text.en == "The new questionnaire is in use from 1 July.");
}

TEST_CASE("receipts for this kiosk are stored, shown, and never move backwards", "[package]") {
    Kiosk k;
    k.pin();
    Package none = k.package(1);  // headquarters holds no batch of this kiosk yet: nothing stored
    none.receipts = {BatchReceipt{k.db.kioskId(), 0, 0, "", 0, 0}};
    CHECK(k.apply(none).changes.empty());
    CHECK_FALSE(HqLink(k.db).receipt());
    Package p = k.package(2);
    p.receipts = {BatchReceipt{"aaaaaaaa-2222-4333-8444-555555555555", 99, 99, std::string(64, 'f'), 9000, 900},
                  BatchReceipt{k.db.kioskId(), 12, 14, std::string(64, 'a'), 1260, 88}};
    k.apply(p);
    auto r = HqLink(k.db).receipt();
    REQUIRE(r);
    CHECK(r->upTo == 12);
    CHECK(r->lastNumber == 14);
    CHECK(r->lastDigestHex == std::string(64, 'a'));
    CHECK(r->lastSeqLast == 1260);
    CHECK(r->lastAuditLast == 88);
    CHECK(r->serial == 2);

    HqLinkFlow hq(k.db, k.audit, k.clock, HqLinkConfig{});
    CHECK(hq.status().receipt->upTo == 12);

    Package older = k.package(3);
    older.receipts = {BatchReceipt{k.db.kioskId(), 10, 10, std::string(64, 'b'), 1000, 70}};
    const PackageOutcome outcome = k.apply(older);
    CHECK(outcome.changes.empty());
    CHECK(HqLink(k.db).receipt()->upTo == 12);
    CHECK(HqLink(k.db).lastSerial() == 3);

    Package newer = k.package(4);
    newer.receipts = {BatchReceipt{k.db.kioskId(), 15, 15, std::string(64, 'c'), 1400, 95}};
    k.apply(newer);
    CHECK(HqLink(k.db).receipt()->upTo == 15);
}

TEST_CASE("a rotation package re-pins headquarters' key", "[package]") {
    Kiosk k;
    k.pin();
    const HqPublicKey old = k.hq.current();
    HqKeyring rotated = HqKeyring::rotate(k.dir / "hq", "Công an tỉnh Nghệ An");
    REQUIRE(rotated.previous());
    Package p = k.package(3);
    p.hqSignHex = old.signHex;  // announced by the key the kiosk trusts
    p.newHqKey = rotated.current();
    auto planned = planPackage(writePackage(p, rotated), "rotate.hlpack", k.db);
    REQUIRE(planned);
    REQUIRE(planned->changes.size() == 1);
    CHECK(planned->changes[0].key == "hq.change.hq_key");
    REQUIRE(applyPackage(*planned, k.db, k.audit, PackageApplyOptions{k.questionnaireDir, {}}));
    CHECK(HqLink(k.db).pinnedKey()->signHex == rotated.current().signHex);
    CHECK(k.db.meta("hq_box_key") == rotated.current().boxHex);
    REQUIRE(k.entries(audit::HqKeyReplaced).size() == 1);
    CHECK_THAT(k.entries(audit::HqKeyReplaced)[0].detail, Catch::Contains(rotated.current().fingerprint()));

    Package byOld = k.package(4);
    byOld.hqSignHex = old.signHex;
    requireRefused(k, writePackage(byOld, rotated), "", "");
    Package byNew = k.package(4);
    byNew.hqSignHex = rotated.current().signHex;
    CHECK(planPackage(writePackage(byNew, rotated), "new.hlpack", k.db));
}

TEST_CASE("a failure in the middle of applying leaves nothing applied", "[package]") {
    Kiosk k;
    k.pin();
    Package p = k.package(2);
    p.settings.unitName = "Công an phường Vinh Tân";
    p.settings.procedures = std::vector<Procedure>{};
    p.questionnaire = QuestionnaireDef{"ca-na", 4, questionnaireSource("ca-na", 4)};
    p.message = Text{"Tin", "News"};
    p.receipts = {BatchReceipt{k.db.kioskId(), 3, 3, std::string(64, 'd'), 30, 9}};
    auto planned = k.plan(p);
    REQUIRE(planned);
    const Snapshot before = k.snapshot();
    for (const char* failAt : {"settings", "questionnaire", "message", "receipt", "serial"}) {
        INFO(failAt);
        const auto fault = [failAt](const std::string& step) {
            if (step == failAt) throw StorageError(std::string("injected fault at ") + failAt);
        };
        CHECK_THROWS_AS(applyPackage(*planned, k.db, k.audit, PackageApplyOptions{k.questionnaireDir, fault}),
                        StorageError);
        CHECK(k.snapshot() == before);
    }
    // And then it applies whole.
    REQUIRE(applyPackage(*planned, k.db, k.audit, PackageApplyOptions{k.questionnaireDir, {}}));
    CHECK(k.settings.load().unitName == "Công an phường Vinh Tân");
    CHECK(k.settings.load().procedures.empty());
}

TEST_CASE("the staff flow pins a key file and applies a package from a drive", "[package][staff]") {
    Kiosk k;
    const std::filesystem::path drive = k.dir / "KINGSTON";
    std::filesystem::create_directories(drive);
    {
        std::ofstream(drive / "hailong-hq-key.hlkey") << formatHqKeyFile(k.hq.current());
        std::ofstream(drive / "notes.hlkey") << "not a key";
    }
    PinPolicy policy = PinPolicy::fastForTests();
    StaffAuth auth(k.db, k.clock, k.audit, policy);
    OfficerRegistry officers(k.db, k.audit, policy);
    StaffFlow staff(auth, officers, k.audit, k.settings, k.clock, StaffConfig{});
    HqLinkConfig config;
    config.drives = [drive] { return std::vector<ExportTarget>{{drive, "KINGSTON", true, 1'000'000}}; };
    config.questionnaireDir = k.questionnaireDir;
    HqLinkFlow hq(k.db, k.audit, k.clock, config);
    staff.attachHq(&hq);
    CHECK_FALSE(hq.status().key);

    staff.open();
    for (const std::string& pin : {std::string(StaffAuth::FactoryPin), std::string("482916"), std::string("482916")}) {
        for (char c : pin) staff.digit(c);
        staff.submit();
    }
    REQUIRE(staff.screenName() == "staff:menu");
    staff.showHqKey();
    REQUIRE(staff.screenName() == "staff:hq_key");
    REQUIRE(hq.keyFiles().size() == 1);  // the file that does not parse is not offered
    staff.pinHqKey(drive / "hailong-hq-key.hlkey");
    CHECK(staff.messageKey() == "hq.key_pinned");
    CHECK(hq.status().fingerprint == k.hq.current().fingerprint());
    staff.cancel();

    Package bad = k.package(1);
    bad.target.unitCode = "CA-HN-01";
    Package good = k.package(2);
    good.settings.unitName = "Công an phường Vinh Tân";
    {
        std::ofstream(drive / packageFileName(bad), std::ios::binary) << writePackage(bad, k.hq);
        std::ofstream(drive / packageFileName(good), std::ios::binary) << writePackage(good, k.hq);
    }
    staff.showPackages();
    REQUIRE(staff.screenName() == "staff:packages");
    REQUIRE(hq.packageFiles().size() == 2);
    staff.pickPackage(drive / packageFileName(bad));
    CHECK(staff.screenName() == "staff:package");
    REQUIRE(hq.refusal());
    CHECK_FALSE(hq.plan());
    REQUIRE(k.entries(audit::PackageRefused).size() == 1);
    CHECK_THAT(k.entries(audit::PackageRefused)[0].detail, Catch::StartsWith("serial=1 reason=File"));
    staff.applyPackage();  // nothing to apply
    CHECK(staff.screenName() == "staff:package");
    staff.cancel();
    CHECK(staff.screenName() == "staff:packages");

    staff.pickPackage(drive / packageFileName(good));
    REQUIRE(hq.plan());
    staff.applyPackage();
    CHECK(staff.screenName() == "staff:package_done");
    CHECK(staff.takeSettingsChanged());
    CHECK(k.settings.load().unitName == "Công an phường Vinh Tân");
    CHECK(hq.outcome()->serial == 2);
}

TEST_CASE("the menu warns of batches headquarters has not confirmed for a week", "[package]") {
    Kiosk k;
    HqLinkFlow hq(k.db, k.audit, k.clock, HqLinkConfig{});
    CHECK_FALSE(hq.status().unconfirmed);  // nothing exported, nothing pinned
    k.pin();
    const KioskKeys keys = KioskKeys::loadOrCreate(k.dir.path(), k.db, k.audit);
    Exporter exporter(k.db, keys, k.audit, k.clock, "hailong test");
    SqliteResponseStore responses(k.db);
    SurveyFlow citizen(defaultQuestionnaire(), responses, k.clock, k.ids, FlowConfig{});
    citizen.answer(citizen.questionnaire().mainQuestion().options[0].id);
    citizen.finish();
    citizen.dismissThanks();
    std::filesystem::create_directories(k.dir / "out");
    const auto exported = exporter.exportNext(k.dir / "out");
    REQUIRE(exported);
    CHECK(hq.status().lastExported == exported->number);
    CHECK_FALSE(hq.status().unconfirmed);
    k.clock.advanceMs(HqLinkFlow::UnconfirmedAfterMs + 1000);
    CHECK(hq.status().unconfirmed);
    Package p = k.package(1);
    p.receipts = {BatchReceipt{k.db.kioskId(), exported->number, exported->number, std::string(64, 'e'), 1, 5}};
    k.apply(p);
    CHECK_FALSE(hq.status().unconfirmed);
    CHECK(hq.status().receipt->upTo == exported->number);
}
