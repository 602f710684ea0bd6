// A copy of the kiosk database on a USB stick, sealed to headquarters' key once one is pinned,
// and its restore on a replacement PC that never forks the chain (SPEC 5, issue 19).
#include "store/kiosk_backup.h"

#include "batch/hq_keys.h"
#include "batch/key_file.h"
#include "batch/package.h"
#include "flow/package_apply.h"
#include "hq/hq_import.h"
#include "hq/receipts.h"
#include "hq/sqlite_hq_store.h"
#include "store/hq_link.h"
#include "support/export_kiosk.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/Transaction.h>
#include <catch2/catch.hpp>
#include <sodium.h>

#include <fstream>
#include <iterator>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::RestoredFrom;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bytesOf(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::int64_t countIn(const fs::path& dbFile, const char* sql) {
    SQLite::Database db(dbFile.string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
}

struct BoxKey {
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char sk[crypto_box_SECRETKEYBYTES];
    BoxKey() { crypto_box_keypair(pk, sk); }
    std::string publicHex() const { return toHex(pk, sizeof pk); }
    std::function<std::optional<std::string>(std::string_view)> secretFor() const {
        return [this](std::string_view hex) -> std::optional<std::string> {
            if (hex != publicHex()) return std::nullopt;
            return std::string(reinterpret_cast<const char*>(sk), sizeof sk);
        };
    }
};

std::int64_t auditCount(Kiosk& k, const std::string& event) {
    SQLite::Statement q(k.db.db(), "SELECT count(*) FROM audit_log WHERE event = ?");
    q.bind(1, event);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

}  // namespace

TEST_CASE("a plain backup is a whole copy of the database, made with the backup API", "[backup]") {
    Kiosk k;
    k.rateMany(12);
    const auto made = backupKioskDatabase(k.db, k.audit, k.out, std::nullopt);
    REQUIRE(made);
    CHECK_FALSE(made->sealed);
    CHECK(made->file.extension() == ".db");
    CHECK(made->file.filename().string().rfind("hailong-backup-" + k.db.kioskId().substr(0, 8) + "-", 0) == 0);
    CHECK(countIn(made->file, "SELECT count(*) FROM responses") == 12);
    CHECK(countIn(made->file, "SELECT count(*) FROM meta WHERE key = 'kiosk_id'") == 1);
    CHECK(auditCount(k, audit::BackupMade) == 1);
    // Nothing but the copy is left in the folder (no temporary file, no journal).
    CHECK(std::distance(fs::directory_iterator(k.out), fs::directory_iterator()) == 1);
}

TEST_CASE("a sealed backup opens only with headquarters' key, and not when damaged", "[backup]") {
    Kiosk k;
    k.rateMany(30);  // comments among them
    const BoxKey hq;
    const auto made = backupKioskDatabase(k.db, k.audit, k.out, hq.publicHex());
    REQUIRE(made);
    CHECK(made->sealed);
    CHECK(made->file.extension() == ".hlbackup");
    const std::string sealed = bytesOf(made->file);
    CHECK(sealed.find("cán bộ tận tình") == std::string::npos);
    CHECK(sealed.find("SQLite format 3") == std::string::npos);
    CHECK(std::distance(fs::directory_iterator(k.out), fs::directory_iterator()) == 1);
    for (const auto& e : fs::directory_iterator(k.dir.path()))
        CHECK(e.path().filename().string().rfind(".backup-", 0) != 0);  // the clear copy is gone

    TempDir hqDir;
    const auto opened = openSealedBackup(made->file, hqDir / "kiosk.db", hq.secretFor());
    INFO((opened ? "" : opened.error()));
    REQUIRE(opened);
    CHECK(*opened == k.db.kioskId());
    CHECK(countIn(hqDir / "kiosk.db", "SELECT count(*) FROM responses") == 30);

    const BoxKey other;
    const auto wrongKey = openSealedBackup(made->file, hqDir / "other.db", other.secretFor());
    REQUIRE_FALSE(wrongKey);
    CHECK(wrongKey.error().find("does not hold") != std::string::npos);
    CHECK_FALSE(fs::exists(hqDir / "other.db"));

    writeBytes(hqDir / "cut.hlbackup", sealed.substr(0, sealed.size() - 100));
    const auto cut = openSealedBackup(hqDir / "cut.hlbackup", hqDir / "cut.db", hq.secretFor());
    REQUIRE_FALSE(cut);
    CHECK(cut.error().find("truncated") != std::string::npos);
    CHECK_FALSE(fs::exists(hqDir / "cut.db"));

    std::string flipped = sealed;
    flipped[flipped.size() / 2] ^= 0x20;
    writeBytes(hqDir / "flipped.hlbackup", flipped);
    const auto damaged = openSealedBackup(hqDir / "flipped.hlbackup", hqDir / "flipped.db", hq.secretFor());
    REQUIRE_FALSE(damaged);
    CHECK(damaged.error().find("damaged") != std::string::npos);
    CHECK_FALSE(fs::exists(hqDir / "flipped.db"));
}

TEST_CASE("a restore refuses what it must not overwrite or cannot read, changing nothing", "[backup]") {
    Kiosk k;
    k.rateMany(3);
    const auto plain = backupKioskDatabase(k.db, k.audit, k.out, std::nullopt);
    const BoxKey hq;
    const auto sealed = backupKioskDatabase(k.db, k.audit, k.out, hq.publicHex());
    REQUIRE(plain);
    REQUIRE(sealed);

    const auto over = restoreKioskDatabase(plain->file, k.db.path());
    REQUIRE_FALSE(over);
    CHECK(over.error().find("already there") != std::string::npos);

    TempDir fresh;
    const auto notOpened = restoreKioskDatabase(sealed->file, fresh / "hailong.db");
    REQUIRE_FALSE(notOpened);
    CHECK(notOpened.error().find("hq backup-open") != std::string::npos);
    writeBytes(fresh / "notes.txt", "not a database at all, just some text that is long enough");
    CHECK_FALSE(restoreKioskDatabase(fresh / "notes.txt", fresh / "hailong.db"));
    CHECK_FALSE(fs::exists(fresh / "hailong.db"));

    const auto ok = restoreKioskDatabase(plain->file, fresh / "hailong.db");
    REQUIRE(ok);
    CHECK(ok->kioskId == k.db.kioskId());
    CHECK(ok->responses == 3);
}

TEST_CASE("a restored kiosk waits for a receipt, then continues after what headquarters holds: no fork",
          "[backup][hq]") {
    Kiosk first;
    TempDir hqDir;
    SqliteHqStore hq(hqDir / "hq.db");
    const UnitInfo unit{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
    hq.trust(KioskKeyFile{first.db.kioskId(), first.keys.publicKeyHex(), unit}, 1);
    std::vector<fs::path> arrived;

    first.rateMany(5);
    arrived.push_back(first.exportOk(first.out).batchFile);  // batch 1: seq 1..5
    const auto copy = backupKioskDatabase(first.db, first.audit, first.out, std::nullopt);
    REQUIRE(copy);
    first.rateMany(4);
    const ExportResult second = first.exportOk(first.out);  // batch 2: seq 6..9, made after the copy
    arrived.push_back(second.batchFile);
    CHECK(importBatchFiles(hq, arrived, 1'900'000'000'000).accepted == 2);

    // The PC dies. A replacement gets the copy: batch 1 only, and a new signing key.
    Kiosk again(RestoredFrom{copy->file}, 7);
    CHECK(again.db.kioskId() == first.db.kioskId());
    CHECK(awaitingReceipt(again.db));
    again.rateMany(3);  // recorded since the restore: seq 6..8 locally, numbers headquarters holds
    const auto refused = again.exporter.exportNext(again.out);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().problem == ExportProblem::AwaitingReceipt);

    // Headquarters' receipt, in a package signed by the key the kiosk pins: it holds up to
    // batch 2, seq 9. The package is applied as the staff menu applies it.
    TempDir keyDir;
    const HqKeyring keyring = HqKeyring::create(keyDir / "keys", "Trung tâm");
    const HqPublicKey& hqKey = keyring.current();
    REQUIRE(HqLink(again.db).pinFirst(PinnedHqKey{hqKey.signHex, hqKey.boxHex, hqKey.name}, hqKey.fingerprint(),
                                      again.audit));
    Package package;
    package.hqSignHex = hqKey.signHex;
    package.serial = 1;
    package.madeUtcMs = 1'900'000'050'000;
    package.target.kioskId = again.db.kioskId();
    package.receipts.push_back(batchReceipt(hq, again.db.kioskId()));
    CHECK(package.receipts[0].lastNumber == 2);
    CHECK(package.receipts[0].lastSeqLast == 9);
    const auto plan = planPackage(writePackage(package, keyring), "receipt.hlpack", again.db);
    INFO((plan ? "" : plan.error().reason.en));
    REQUIRE(plan);
    CHECK(plan->settles);
    const auto applied = applyPackage(*plan, again.db, again.audit, PackageApplyOptions{again.dir / "q", {}});
    INFO((applied ? "" : applied.error().reason.en));
    REQUIRE(applied);
    REQUIRE(applied->settlement);
    const Settlement& s = *applied->settlement;
    const std::int64_t auditLast = package.receipts[0].lastAuditLast;
    CHECK(s.changed);
    CHECK(s.responsesRenumbered == 3);
    CHECK(s.nextBatch == 3);
    CHECK(s.nextSeq == 10);
    CHECK_FALSE(awaitingReceipt(again.db));

    const ExportResult third = again.exportOk(again.out);
    CHECK(third.number == 3);
    CHECK(third.seqFirst == 10);
    CHECK(third.seqLast == 12);
    const auto batch = readBatchFile(third.batchFile);
    REQUIRE(batch);
    CHECK(batch->header.previousDigestHex == second.digestHex);
    CHECK(batch->header.auditFirst == auditLast + 1);

    hq.trust(KioskKeyFile{again.db.kioskId(), again.keys.publicKeyHex(), unit}, 2);
    const ImportSummary imported = importBatchFiles(hq, {third.batchFile}, 1'900'000'100'000);
    CHECK(imported.accepted == 1);
    CHECK(imported.heldResponses == 0);
    CHECK(imported.newResponses == 3);
    CHECK(hq.responseCount() == 12);
    const auto kiosks = hq.kiosks();
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].lastBatch == 3);
    CHECK(kiosks[0].missing.empty());
}

TEST_CASE("a receipt that holds nothing newer ends the wait without moving numbers", "[backup]") {
    Kiosk first;
    first.rateMany(4);
    const ExportResult one = first.exportOk(first.out);
    const auto copy = backupKioskDatabase(first.db, first.audit, first.out, std::nullopt);
    REQUIRE(copy);
    Kiosk again(RestoredFrom{copy->file}, 9);
    again.rateMany(2);
    Settlement s;
    {
        SQLite::Transaction t(again.db.db());
        s = settleRestoredNumbers(again.db, HqHolds{1, one.digestHex, 4, 0});
        t.commit();
    }
    CHECK(s.responsesRenumbered == 0);
    CHECK(s.nextBatch == 2);
    CHECK_FALSE(awaitingReceipt(again.db));
    const ExportResult two = again.exportOk(again.out);
    CHECK(two.seqFirst == 5);
    CHECK(two.seqLast == 6);
}
