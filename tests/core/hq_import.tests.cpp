// Headquarters: trusting kiosks and importing their batches, each response once (SPEC 7, issue 5).
#include "hq/hq_import.h"
#include "batch/key_file.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "hq/wal_checkpointer.h"
#include "support/export_kiosk.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {
struct Headquarters {
    TempDir dir;
    SqliteHqStore store{dir / "hq.db"};
    fs::path inbox = dir / "inbox";
    Headquarters() { fs::create_directories(inbox); }
    void trust(const Kiosk& k) {
        store.trust(KioskKeyFile{k.db.kioskId(),
                                 k.keys.publicKeyHex(),
                                 {"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"}},
                    1);
    }
    fs::path receive(const fs::path& file, const std::string& prefix = "") {
        const fs::path to = inbox / (prefix + file.filename().string());
        fs::copy_file(file, to, fs::copy_options::overwrite_existing);
        return to;
    }
    ImportSummary import(std::int64_t now = 1'900'000'000'000) {
        return importBatchFiles(store, batchFilesIn({inbox}), now);
    }
    std::int64_t count(const char* sql) { return store.db().execAndGet(sql).getInt64(); }
};
}  // namespace

TEST_CASE("importing the same folder twice counts every response once", "[hq][import][threads]") {
    Kiosk k;
    Headquarters hq;
    hq.trust(k);
    for (int b = 0; b < 3; ++b) {
        k.rateMany(5);
        hq.receive(k.exportOk(k.out).batchFile);
    }
    const ImportSummary first = hq.import();
    CHECK(first.accepted == 3);
    CHECK(first.refused == 0);
    CHECK(first.newResponses == 15);
    CHECK(hq.store.responseCount() == 15);
    const std::int64_t tallied = hq.count("SELECT sum(n) FROM tallies_day");
    CHECK(tallied > 15);
    const Report once = buildReport(hq.store, ReportQuery{});
    CHECK(once.total.ratings + once.total.misuse + once.total.superseded == 15);

    const ImportSummary second = hq.import();
    CHECK(second.accepted == 3);
    CHECK(second.newResponses == 0);
    CHECK(second.knownResponses == 15);
    CHECK(std::all_of(second.files.begin(), second.files.end(),
                      [](const FileImport& f) { return f.outcome.alreadyImported; }));
    CHECK(hq.store.responseCount() == 15);
    CHECK(hq.count("SELECT sum(n) FROM tallies_day") == tallied);
    CHECK(hq.count("SELECT sum(n) FROM tallies_month") == tallied);

    const auto kiosks = hq.store.kiosks();
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].batches == 3);
    CHECK(kiosks[0].lastBatch == 3);
    CHECK(kiosks[0].lastSeq == 15);
    CHECK(kiosks[0].responses == 15);
    CHECK(kiosks[0].missing.empty());
}

TEST_CASE("unregistered, tampered and truncated files are refused and nothing of them is stored",
          "[hq][import][threads]") {
    Kiosk k;
    Kiosk stranger(2);
    Headquarters hq;
    hq.trust(k);
    k.rateMany(4);
    const fs::path good = hq.receive(k.exportOk(k.out).batchFile);
    stranger.rateMany(3);
    const fs::path unknown = hq.receive(stranger.exportOk(stranger.out).batchFile, "stranger-");
    std::string bytes;
    {
        std::ifstream in(good, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::string flipped = bytes;
    flipped[bytes.size() / 3] = static_cast<char>(flipped[bytes.size() / 3] ^ 0x20);
    std::ofstream(hq.inbox / "tampered.hlbatch", std::ios::binary) << flipped;
    std::ofstream(hq.inbox / "truncated.hlbatch", std::ios::binary) << bytes.substr(0, bytes.size() / 2);

    const ImportSummary s = hq.import();
    CHECK(s.accepted == 1);
    CHECK(s.refused == 3);
    CHECK(hq.store.responseCount() == 4);
    for (const FileImport& f : s.files) {
        INFO(f.file << ": " << f.reason);
        if (f.file == good.string()) CHECK(f.accepted);
        else if (f.file == unknown.string()) CHECK_THAT(f.reason, Catch::Contains("not registered"));
        else if (f.file.find("tampered") != std::string::npos) CHECK_THAT(f.reason, Catch::Contains("digest"));
        else CHECK_THAT(f.reason, Catch::Contains("truncated"));
    }

    SECTION("a kiosk registered with another key") {
        hq.store.trust(KioskKeyFile{stranger.db.kioskId(), k.keys.publicKeyHex(), {}}, 2);
        const ImportSummary again = hq.import();
        const auto it = std::find_if(again.files.begin(), again.files.end(),
                                     [&](const FileImport& f) { return f.file == unknown.string(); });
        REQUIRE(it != again.files.end());
        CHECK_THAT(it->reason, Catch::Contains("signed by another key"));
        CHECK(hq.store.responseCount() == 4);
    }
}

TEST_CASE("a missing batch is reported as a gap, a kiosk clock ahead marks its responses", "[hq][import][threads]") {
    Kiosk k;
    Headquarters hq;
    hq.trust(k);
    std::vector<ExportResult> batches;
    for (int b = 0; b < 3; ++b) {
        k.rateMany(2);
        batches.push_back(k.exportOk(k.out));
    }
    hq.receive(batches[0].batchFile);
    hq.receive(batches[2].batchFile);  // batch 2 never arrives
    hq.import();
    const auto kiosks = hq.store.kiosks();
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].missing == std::vector<std::int64_t>{2});
    CHECK(kiosks[0].lastBatch == 3);

    // Imported "a year ago" by our clock: the kiosk's export clock is far ahead of ours.
    fs::remove_all(hq.inbox);
    fs::create_directories(hq.inbox);
    hq.receive(batches[1].batchFile);
    const ImportSummary late = hq.import(k.clock.wallMs() - 365LL * 86'400'000);
    REQUIRE(late.accepted == 1);
    CHECK(late.files[0].outcome.clockSuspect == 2);
    CHECK_THAT(late.files[0].outcome.notes.at(0), Catch::Contains("clock was ahead"));
    // Of its two ratings one is flagged as misuse (counted apart), the other counts, marked.
    CHECK(buildReport(hq.store, ReportQuery{}).total.clockSuspect == 1);
    CHECK(hq.store.kiosks()[0].missing.empty());
}

TEST_CASE("a late misuse flag for an exported response reaches the stored response", "[hq][import][threads]") {
    Kiosk k;
    Headquarters hq;
    hq.trust(k);
    const Response first = k.rate(1);
    hq.receive(k.exportOk(k.out).batchFile);
    Response burst = k.rate(2);
    burst.uuid = k.ids.newUuid();
    burst.endReason = EndReason::InProgress;
    burst.endedUtcMs = burst.endedMonoMs = 0;
    burst.answers.resize(1);
    k.store.begin(burst, {first.uuid});
    k.store.finish(burst.uuid, EndReason::Skipped, k.clock.wallMs(), k.clock.monoMs());
    hq.receive(k.exportOk(k.out).batchFile);
    const ImportSummary summary = hq.import();
    REQUIRE(summary.accepted == 2);
    // The first rating is flagged now, by the audit entry of the second batch; the two others count.
    const Report r = buildReport(hq.store, ReportQuery{});
    CHECK(r.total.misuse == 1);
    CHECK(r.total.ratings == 2);
    SQLite::Statement q(hq.store.db(), "SELECT misuse_flags, applied FROM marks WHERE uuid = ?");
    q.bind(1, first.uuid);
    REQUIRE(q.executeStep());
    CHECK((q.getColumn(0).getInt64() & misuse::Burst) != 0);
    CHECK(q.getColumn(1).getInt() == 1);
}

TEST_CASE("a rating replaced in a later batch leaves the figures, whichever batch arrives first",
          "[hq][import][threads]") {
    Kiosk k;
    const Response replaced = k.rate(4, "not_satisfied");  // dossier HS-104
    const fs::path first = k.exportOk(k.out).batchFile;
    const Response again = k.rate(12, "satisfied");  // HS-104 again: replaces the first
    REQUIRE(again.supersedesUuid == replaced.uuid);
    const fs::path second = k.exportOk(k.out).batchFile;
    for (const bool inOrder : {true, false}) {
        DYNAMIC_SECTION((inOrder ? "in order" : "the later batch first")) {
            Headquarters hq;
            hq.trust(k);
            hq.receive(inOrder ? first : second);
            REQUIRE(hq.import().accepted == 1);
            hq.receive(inOrder ? second : first);
            REQUIRE(hq.import().accepted == 2);
            const Report r = buildReport(hq.store, ReportQuery{});
            CHECK(r.total.ratings == 1);
            CHECK(r.total.satisfied == 1);
            CHECK(r.total.superseded == 1);
            CHECK(r.total.dossiers == 1);
            CHECK(r.total.dossiersNotSatisfied == 0);
            CHECK(hq.store.responseCount() == 2);
            hq.import();  // once more: nothing moves
            CHECK(buildReport(hq.store, ReportQuery{}).total.superseded == 1);
            CHECK(buildReport(hq.store, ReportQuery{}).total.ratings == 1);
        }
    }
}

TEST_CASE("refused files are recorded for the reports", "[hq][import][threads]") {
    Kiosk k;
    Headquarters hq;  // the kiosk is not registered
    hq.receive(k.exportOk(k.out).batchFile);
    REQUIRE(hq.import().refused == 1);
    REQUIRE(hq.import().refused == 1);  // twice: recorded once
    const auto refused = hq.store.refusedFiles();
    REQUIRE(refused.size() == 1);
    CHECK_THAT(refused[0].reason, Catch::Contains("not registered"));
}

TEST_CASE("batches of the first and the second built-in questionnaire import and report together",
          "[hq][import][questionnaire][threads]") {
    // A kiosk rated with questionnaire default v1 (yes/no on time), was upgraded, and rated with
    // v2, whose on-time question adds "not received yet". Both batches count; by question, "not
    // yet" is among the values and out of the yes share.
    Kiosk k;
    Headquarters hq;
    hq.trust(k);
    const auto v1 = builtInQuestionnaireSource("default", 1);
    REQUIRE(v1);
    k.db.rememberQuestionnaire("default", 1, *v1, k.clock.wallMs());
    auto rate = [&](int version, const std::string& onTime) {
        k.clock.advanceMs(60'000);
        Response r;
        r.uuid = k.ids.newUuid();
        r.kioskId = k.db.kioskId();
        r.unit = UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
        r.questionnaireId = "default";
        r.questionnaireVersion = version;
        r.startedUtcMs = k.clock.wallMs();
        r.startedMonoMs = k.clock.monoMs();
        r.utcOffsetMinutes = 420;
        r.bootId = k.clock.bootId();
        r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {"satisfied"}, k.clock.wallMs()});
        k.store.begin(r);
        k.store.saveAnswer(r.uuid, Answer{"on_time", Scale::YesNo, {onTime}, k.clock.wallMs()});
        k.store.finish(r.uuid, EndReason::Completed, k.clock.wallMs(), k.clock.monoMs());
    };
    rate(1, "yes");
    rate(1, "no");
    hq.receive(k.exportOk(k.out).batchFile);
    rate(2, "yes");
    rate(2, "not_yet");
    rate(2, "not_yet");
    const ExportResult second = k.exportOk(k.out);
    const auto batch = readBatchFile(second.batchFile);
    REQUIRE(batch);
    REQUIRE(batch->header.questionnaires.size() == 1);
    CHECK(batch->header.questionnaires[0].version == 2);
    hq.receive(second.batchFile);

    const ImportSummary s = hq.import();
    CHECK(s.accepted == 2);
    CHECK(s.refused == 0);
    CHECK(s.newResponses == 5);
    const Report all = buildReport(hq.store, ReportQuery{});
    CHECK(all.total.ratings == 5);
    CHECK(all.total.satisfied == 5);
    ReportQuery byQuestion;
    byQuestion.by = ReportBy::Question;
    const Report questions = buildReport(hq.store, byQuestion);
    const auto onTime = std::find_if(questions.rows.begin(), questions.rows.end(),
                                     [](const ReportRow& r) { return r.key == "on_time"; });
    REQUIRE(onTime != questions.rows.end());
    CHECK(onTime->values == std::map<std::string, std::int64_t>{{"no", 1}, {"not_yet", 2}, {"yes", 2}});
    CHECK(onTime->ratings == 3);  // yes and no only
    CHECK(onTime->satisfied == 2);
}

TEST_CASE("the checkpointer copies a writer's committed log into the database file beside it", "[hq][threads]") {
    TempDir dir;
    const fs::path path = dir.path() / "store.db";
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.execAndGet("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA wal_autocheckpoint=0");  // as during an import: the writer copies nothing itself
    db.exec("CREATE TABLE t (x TEXT)");
    const auto fileSize = [&] { return fs::file_size(path); };
    const auto before = fileSize();
    WalCheckpointer checkpointer(path);
    db.exec("BEGIN");
    SQLite::Statement add(db, "INSERT INTO t VALUES (?)");
    for (int i = 0; i < 2000; ++i) {
        add.bind(1, std::string(500, static_cast<char>('a' + i % 26)));
        add.exec();
        add.reset();
    }
    db.exec("COMMIT");
    CHECK(fileSize() == before);  // committed to the log only
    db.exec("BEGIN");             // the writer holds on, as the next files of an import would
    add.bind(1, "next");
    add.exec();
    checkpointer.kick();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (fileSize() < 1'000'000 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(fileSize() >= 1'000'000);  // 2000 rows of 500 bytes in the file itself
    db.exec("COMMIT");
    CHECK(db.execAndGet("SELECT count(*) FROM t").getInt() == 2001);
}
