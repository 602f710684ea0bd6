// The staff menu's backup (issue 19): the screens' rules in StaffFlow, the copy made on a
// connection of its own (also on a worker thread), sealed to headquarters' key once one is
// pinned, and failures (a pulled, full or read-only drive) that leave nothing behind.
#include "flow/backup_job.h"
#include "flow/hq_link_flow.h"
#include "flow/staff_flow.h"

#include "batch/hq_keys.h"
#include "store/hq_link.h"
#include "support/export_kiosk.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sys/mount.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> filesIn(const fs::path& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        out.push_back(it->path().filename().string());
    return out;
}

std::string bytesOf(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t countIn(const fs::path& dbFile, const char* sql) {
    SQLite::Database db(dbFile.string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
}

// A kiosk with ratings, its staff menu open with the unit's PIN, and headquarters attached.
struct BackupKiosk {
    Kiosk k;
    PinPolicy policy = PinPolicy::fastForTests();
    StaffAuth auth{k.db, k.clock, k.audit, policy};
    OfficerRegistry officers{k.db, k.audit, policy};
    SettingsStore settings{k.db};
    TempDir other;  // a second folder offered beside the drive
    StaffConfig config() {
        StaffConfig c;
        c.exportTargets = [this] {
            return std::vector<ExportTarget>{{k.out, "USB", true, 1'000'000'000}, {other.path(), "", false, -1}};
        };
        return c;
    }
    StaffFlow flow{auth, officers, k.audit, settings, k.clock, config()};
    HqLinkFlow hq{k.db, k.audit, k.clock, HqLinkConfig{config().exportTargets, k.dir / "questionnaires", {}}};
    TempDir hqDir;
    std::optional<HqKeyring> keyring;

    explicit BackupKiosk(int ratings = 12) {
        k.rateMany(ratings);
        flow.attachHq(&hq);
        flow.open();
        for (const char* pin : {StaffAuth::FactoryPin, "482916", "482916"}) {
            for (const char* c = pin; *c; ++c) flow.digit(*c);
            flow.submit();
        }
        REQUIRE(flow.screen() == StaffScreen::Menu);
    }
    void pinHqKey() {
        keyring = HqKeyring::create(hqDir / "keys", "Công an tỉnh Nghệ An");
        const HqPublicKey& key = keyring->current();
        REQUIRE(HqLink(k.db).pinFirst(PinnedHqKey{key.signHex, key.boxHex, "Công an tỉnh Nghệ An"}, key.fingerprint(),
                                      k.audit));
    }
    // What the kiosk does with a request: the copy on a connection of its own.
    void runRequested() {
        const auto folder = flow.takeBackupRequest();
        REQUIRE(folder);
        CHECK_FALSE(flow.takeBackupRequest());  // once
        flow.backupFinished(makeKioskBackup(k.db.path(), k.clock, *folder));
    }
    std::int64_t audited(const std::string& event) {
        SQLite::Statement q(k.db.db(), "SELECT count(*) FROM audit_log WHERE event = ?");
        q.bind(1, event);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
    std::string words(Language lang) const {
        REQUIRE(flow.backupFailure());
        return backupFailureWords(*flow.backupFailure(), Strings::builtIn(), lang);
    }
};

// A small file system of its own (root only): full at a few hundred kB, or read-only.
struct TmpfsMount {
    fs::path at;
    bool on = false;
    TmpfsMount(fs::path where, const char* options, unsigned long flags = 0) : at(std::move(where)) {
        fs::create_directories(at);
        on = ::mount("tmpfs", at.c_str(), "tmpfs", flags, options) == 0;
    }
    ~TmpfsMount() {
        if (on) ::umount2(at.c_str(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
};

}  // namespace

TEST_CASE("the staff back up the database onto a drive from the menu, and see what was written", "[staff][backup]") {
    BackupKiosk s;
    s.flow.showBackup();
    REQUIRE(s.flow.screenName() == "staff:backup");
    CHECK_FALSE(s.flow.backupWillBeSealed());  // no headquarters key yet: the screen warns
    REQUIRE(s.flow.backupTargets().size() == 2);

    s.flow.pickBackupTarget(s.k.dir / "not-offered");  // only a folder the screen showed
    CHECK(s.flow.screenName() == "staff:backup");
    CHECK_FALSE(s.flow.takeBackupRequest());

    s.flow.pickBackupTarget(s.k.out);
    REQUIRE(s.flow.screenName() == "staff:backup_running");
    s.flow.cancel();  // the copy is not stopped half-way
    s.k.clock.advanceMs(10 * 60'000);
    CHECK_FALSE(s.flow.tick());  // nor does the session time out while it runs
    CHECK(s.flow.screenName() == "staff:backup_running");
    s.runRequested();
    REQUIRE(s.flow.screenName() == "staff:backup_done");
    REQUIRE(s.flow.backupResult());
    CHECK_FALSE(s.flow.backupFailure());
    const BackupResult& r = *s.flow.backupResult();
    CHECK_FALSE(r.sealed);
    CHECK(r.file == s.k.out / backupFileName(s.k.db.kioskId(), s.k.clock.wallMs(), false));
    CHECK(r.file.filename().string().rfind("hailong-backup-" + s.k.db.kioskId().substr(0, 8) + "-", 0) == 0);
    CHECK(r.bytes == fs::file_size(r.file));
    CHECK(countIn(r.file, "SELECT count(*) FROM responses") == 12);
    CHECK(filesIn(s.k.out) == std::vector<std::string>{r.file.filename().string()});  // no temporary left
    CHECK(s.audited(audit::BackupMade) == 1);
    CHECK(s.audited(audit::BackupFailed) == 0);

    s.flow.showBackup();  // another copy, from the result
    CHECK(s.flow.screenName() == "staff:backup");
    s.flow.cancel();
    CHECK(s.flow.screenName() == "staff:menu");
}

TEST_CASE("with headquarters' key pinned the backup is sealed and headquarters opens it", "[staff][backup]") {
    BackupKiosk s(30);  // comments among the ratings
    s.pinHqKey();
    s.flow.showBackup();
    CHECK(s.flow.backupWillBeSealed());
    s.flow.pickBackupTarget(s.k.out);
    s.runRequested();
    REQUIRE(s.flow.backupResult());
    const BackupResult& r = *s.flow.backupResult();
    CHECK(r.sealed);
    CHECK(r.file.extension() == ".hlbackup");
    CHECK(r.file.filename() == backupFileName(s.k.db.kioskId(), s.k.clock.wallMs(), true));
    const std::string bytes = bytesOf(r.file);
    CHECK(bytes.find("SQLite format 3") == std::string::npos);
    CHECK(bytes.find("cán bộ tận tình") == std::string::npos);
    CHECK(filesIn(s.k.out).size() == 1);
    for (const std::string& name : filesIn(s.k.dir.path()))  // the clear copy beside the database is gone
        CHECK(name.rfind(".backup-", 0) != 0);

    TempDir at;
    const auto opened = openSealedBackup(r.file, at / "kiosk.db",
                                         [&](std::string_view boxHex) { return s.keyring->boxSecret(boxHex); });
    INFO((opened ? "" : opened.error()));
    REQUIRE(opened);
    CHECK(*opened == s.k.db.kioskId());
    CHECK(countIn(at / "kiosk.db", "SELECT count(*) FROM responses") == 30);
    CHECK(s.audited(audit::BackupMade) == 1);
}

TEST_CASE("a backup onto a drive pulled out fails saying so, leaves nothing and is audited", "[staff][backup]") {
    BackupKiosk s;
    s.flow.showBackup();
    fs::remove_all(s.k.out);  // pulled after the list was shown
    s.flow.pickBackupTarget(s.k.out);
    s.runRequested();
    REQUIRE(s.flow.screenName() == "staff:backup_done");
    CHECK_FALSE(s.flow.backupResult());
    REQUIRE(s.flow.backupFailure());
    CHECK(s.flow.backupFailure()->problem == BackupProblem::DriveGone);
    CHECK_FALSE(s.flow.backupFailure()->technical.empty());
    CHECK_THAT(s.words(Language::En), Catch::Contains(s.k.out.string()) && Catch::Contains("removed"));
    CHECK_THAT(s.words(Language::Vi), Catch::Contains(s.k.out.string()) && Catch::Contains("rút ra"));
    CHECK_FALSE(fs::exists(s.k.out));
    CHECK(s.audited(audit::BackupFailed) == 1);
    CHECK(s.audited(audit::BackupMade) == 0);
    const AuditEntry last = *s.k.audit.latest();
    CHECK(last.event == audit::BackupFailed);
    CHECK(last.detail.find(s.k.out.string()) != std::string::npos);

    fs::create_directories(s.k.out);  // plugged in again: try again from the result
    s.flow.showBackup();
    s.flow.pickBackupTarget(s.k.out);
    s.runRequested();
    CHECK(s.flow.backupResult());
}

TEST_CASE("a backup onto a full or read-only drive fails cleanly and leaves nothing", "[staff][backup]") {
    BackupKiosk s(40);
    REQUIRE(backupNeededBytes(s.k.db.path()) > 96 * 1024);  // more than the full drive holds
    const bool sealed = GENERATE(false, true);
    INFO((sealed ? "sealed" : "plain"));
    if (sealed) s.pinHqKey();
    const std::int64_t failedBefore = s.audited(audit::BackupFailed);

    TmpfsMount full(s.other.path() / "full", "size=32k");
    TmpfsMount readOnly(s.other.path() / "ro", "size=1m", MS_RDONLY);
    if (!full.on || !readOnly.on) {
        WARN("tmpfs mount not permitted here (not root): only the judging of failures is checked");
        return;
    }
    struct Case {
        fs::path folder;
        BackupProblem expected;
        const char* en;
        const char* vi;
    };
    for (const Case& c : {Case{full.at, BackupProblem::DriveFull, "not enough free space", "không đủ chỗ trống"},
                          Case{readOnly.at, BackupProblem::ReadOnly, "read-only", "chỉ cho đọc"}}) {
        INFO(c.folder);
        const auto made = makeKioskBackup(s.k.db.path(), s.k.clock, c.folder);
        REQUIRE_FALSE(made);
        CHECK(made.error().problem == c.expected);
        CHECK_THAT(backupFailureWords(made.error(), Strings::builtIn(), Language::En),
                   Catch::Contains(c.en) && Catch::Contains(c.folder.string()));
        CHECK_THAT(backupFailureWords(made.error(), Strings::builtIn(), Language::Vi), Catch::Contains(c.vi));
        CHECK(filesIn(c.folder).empty());  // neither the copy nor its temporary file
    }
    for (const std::string& name : filesIn(s.k.dir.path())) CHECK(name.rfind(".backup-", 0) != 0);
    CHECK(s.audited(audit::BackupFailed) == failedBefore + 2);
    CHECK(s.audited(audit::BackupMade) == 0);
}

TEST_CASE("the kind of a failed backup is judged from the folder and the error", "[staff][backup]") {
    TempDir dir;
    CHECK(backupFailureFor(dir / "gone", 10, "x").problem == BackupProblem::DriveGone);
    CHECK(backupFailureFor(dir.path(), 10, "database or disk is full").problem == BackupProblem::DriveFull);
    CHECK(backupFailureFor(dir.path(), 10, "write: No space left on device").problem == BackupProblem::DriveFull);
    CHECK(backupFailureFor(dir.path(), std::uint64_t{1} << 62, "x").problem == BackupProblem::DriveFull);
    CHECK(backupFailureFor(dir.path(), 10, "Read-only file system").problem == BackupProblem::ReadOnly);
    const BackupFailure other = backupFailureFor(dir.path(), 10, "something else");
    CHECK(other.problem == BackupProblem::WriteFailed);
    CHECK(other.folder == dir.path());
    CHECK(other.technical == "something else");
}

TEST_CASE("every kind of backup failure has words in both language files", "[staff][backup]") {
    for (const BackupProblem p : {BackupProblem::DriveGone, BackupProblem::DriveFull, BackupProblem::ReadOnly,
                                  BackupProblem::NotAllowed, BackupProblem::WriteFailed,
                                  BackupProblem::DatabaseUnreadable, BackupProblem::Busy, BackupProblem::NoRunner}) {
        const BackupFailure f{p, "/media/kiosk/USB", "t"};
        const std::string en = backupFailureWords(f, Strings::builtIn(), Language::En);
        const std::string vi = backupFailureWords(f, Strings::builtIn(), Language::Vi);
        INFO(backupProblemKey(p));
        CHECK(en.find("⟨") == std::string::npos);
        CHECK(vi.find("⟨") == std::string::npos);
        CHECK(en != vi);
        CHECK(en.find('{') == std::string::npos);
    }
}

TEST_CASE("the backup job copies on a worker thread while ratings go on", "[staff][backup][threads]") {
    Kiosk k;
    k.rateMany(50);
    SystemClock clock;  // the worker's: a ManualClock is not for two threads
    BackupJob job(k.db.path(), clock);
    REQUIRE(job.start(k.out));
    k.rateMany(5);  // the kiosk's own connection keeps storing meanwhile (WAL)
    std::optional<Expected<BackupResult, BackupFailure>> outcome;
    for (int i = 0; i < 1000 && !outcome; ++i) {
        outcome = job.poll();
        if (!outcome) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(outcome);
    REQUIRE(*outcome);
    CHECK_FALSE(job.running());
    CHECK_FALSE(job.poll());  // delivered once
    const std::int64_t copied = countIn((*outcome)->file, "SELECT count(*) FROM responses");
    CHECK(copied >= 50);
    CHECK(copied <= 55);

    REQUIRE(job.start(k.dir / "gone"));  // a second one, after the first was delivered
    CHECK_FALSE(job.start(k.out));       // not while one runs or waits to be polled
    std::optional<Expected<BackupResult, BackupFailure>> failed;
    for (int i = 0; i < 1000 && !failed; ++i) {
        failed = job.poll();
        if (!failed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(failed);
    REQUIRE_FALSE(*failed);
    CHECK(failed->error().problem == BackupProblem::DriveGone);
}

TEST_CASE("only the unit's PIN reaches the backup, and a result waits for the running screen", "[staff][backup]") {
    BackupKiosk s;
    s.flow.close();
    s.flow.showBackup();
    CHECK_FALSE(s.flow.isOpen());
    s.flow.backupFinished(BackupResult{s.k.out / "x.db", 1, false});  // no backup running: ignored
    CHECK_FALSE(s.flow.isOpen());
    CHECK_FALSE(s.flow.backupResult());
    s.flow.open();  // the PIN pad: nothing but the PIN
    s.flow.showBackup();
    CHECK(s.flow.screenName() == "staff:pin");
    for (const char* c = "482916"; *c; ++c) s.flow.digit(*c);
    s.flow.submit();
    s.flow.showBackup();
    CHECK(s.flow.screenName() == "staff:backup");
    s.k.clock.advanceMs(s.flow.config().sessionTimeoutMs);  // left alone on the list: it closes
    CHECK(s.flow.tick());
    CHECK_FALSE(s.flow.isOpen());
}
