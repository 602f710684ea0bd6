// Batches (SPEC 6, issue 4): export -> read back, tampering, truncation, another key, the
// chain, failed exports that leave nothing marked, and byte-identical re-export.
#include "batch/batch_format.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "store/sqlite_response_store.h"
#include "support/export_kiosk.h"
#include "support/response_dump.h"
#include "support/temp_dir.h"
#include "survey/settings.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sys/mount.h>
#include <zstd.h>

using namespace hailong::core;
using hailong::test::dumpResponse;
using hailong::test::Kiosk;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// What a person reads about a failure: the words of the built-in language files.
std::string words(const ExportFailure& f, Language lang) { return exportFailureWords(f, Strings::builtIn(), lang); }

}  // namespace

TEST_CASE("a batch read back holds every field as stored", "[batch]") {
    Kiosk k;
    k.rateMany(40);
    const ExportResult res = k.exportOk(k.out);
    CHECK(res.number == 1);
    CHECK(res.responses == 40);
    CHECK(res.batchFile.filename().string().rfind("hailong-CA-NA-", 0) == 0);
    CHECK(res.batchFile.extension() == ".hlbatch");

    auto batch = readBatchFile(res.batchFile, k.ownKey());
    INFO((batch ? "" : batch.error().toString()));
    REQUIRE(batch);
    const BatchHeader& h = batch->header;
    CHECK(h.formatVersion == 1);
    CHECK(h.kioskId == k.db.kioskId());
    CHECK(h.publicKeyHex == k.keys.publicKeyHex());
    CHECK(h.unit.code == "CA-NA");
    CHECK(h.unit.name == "Công an tỉnh Nghệ An");
    CHECK(h.unit.level == "province");
    CHECK(h.unit.counter == "Quầy 1");
    CHECK(h.number == 1);
    CHECK(h.previousDigestHex.empty());
    CHECK((h.seqFirst == 1 && h.seqLast == 40 && h.responseCount == 40));
    CHECK(h.exportUtcMs == k.clock.wallMs());
    CHECK(h.exportUtcOffsetMinutes == 420);
    CHECK(h.exportMonoMs == k.clock.monoMs());
    CHECK(h.exportBootId == k.clock.bootId());
    CHECK(h.program == "hailong test");
    REQUIRE(h.questionnaires.size() == 1);
    CHECK(h.questionnaires[0].source == defaultQuestionnaire().source);
    CHECK(batch->digestHex == res.digestHex);

    const std::vector<Response> stored = k.store.all();
    REQUIRE(batch->responses.size() == stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i) CHECK(dumpResponse(batch->responses[i]) == dumpResponse(stored[i]));

    const std::vector<AuditEntry> audit = k.audit.since(0);
    REQUIRE(batch->audit.size() == static_cast<std::size_t>(h.auditCount));
    REQUIRE(batch->audit.size() >= 1);
    for (std::size_t i = 0; i < batch->audit.size(); ++i) {
        CHECK(batch->audit[i].id == audit[i].id);
        CHECK(batch->audit[i].event == audit[i].event);
        CHECK(batch->audit[i].detail == audit[i].detail);
        CHECK(batch->audit[i].utcMs == audit[i].utcMs);
        CHECK(batch->audit[i].bootId == audit[i].bootId);
    }

    std::int64_t notSatisfied = 0;
    for (const Response& r : stored) notSatisfied += r.answers[0].values[0] == "not_satisfied";
    const auto count = std::find_if(h.counts.begin(), h.counts.end(), [](const AnswerCount& c) {
        return c.questionId == "overall" && c.value == "not_satisfied";
    });
    REQUIRE(count != h.counts.end());
    CHECK(count->count == notSatisfied);
    CHECK(h.timeFirstUtcMs == stored.front().startedUtcMs);
    CHECK(h.timeLastUtcMs == stored.back().endedUtcMs);

    SECTION("the export is marked and written to the audit log") {
        CHECK(k.exporter.unexportedResponses() == 0);
        REQUIRE(k.exporter.lastBatch());
        CHECK(k.exporter.lastBatch()->digestHex == res.digestHex);
        CHECK(k.audit.latest()->event == audit::BatchExported);
        std::vector<std::string> expected{res.batchFile.filename().string(), res.csvFile.filename().string(),
                                          res.xlsxFile.filename().string()};
        std::sort(expected.begin(), expected.end());
        CHECK(filesIn(k.out) == expected);
    }
}

TEST_CASE("a flipped byte anywhere in a batch is detected", "[batch][tamper]") {
    Kiosk k;
    k.rateMany(12);
    const ExportResult res = k.exportOk(k.out);
    const std::string good = readAll(res.batchFile);
    REQUIRE(readBatch(good, "b.hlbatch", k.ownKey()));
    int checked = 0;
    for (std::size_t at = 0; at < good.size(); at += 1 + good.size() / 997) {
        std::string bad = good;
        bad[at] = static_cast<char>(bad[at] ^ 0x04);
        const auto r = readBatch(bad, "b.hlbatch", k.ownKey());
        INFO("byte " << at << " of " << good.size());
        REQUIRE_FALSE(r);
        CHECK(r.error().file == "b.hlbatch");
        CHECK(r.error().toString().rfind("b.hlbatch: ", 0) == 0);
        ++checked;
    }
    CHECK(checked >= std::min<int>(static_cast<int>(good.size()), 500));
    std::string bad = good;
    bad[good.size() / 2] = static_cast<char>(bad[good.size() / 2] ^ 0x01);
    CHECK_THAT(readBatch(bad, "b.hlbatch").error().reason, Catch::Contains("does not match its digest"));
}

TEST_CASE("a truncated batch is detected", "[batch][tamper]") {
    Kiosk k;
    k.rateMany(12);
    const std::string good = readAll(k.exportOk(k.out).batchFile);
    for (std::size_t len :
         {std::size_t{0}, std::size_t{1}, good.size() / 3, good.size() / 2, good.size() - 200, good.size() - 1}) {
        INFO("first " << len << " bytes");
        const auto r = readBatch(good.substr(0, len), "cut.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("truncated") || Catch::Contains("empty") ||
                                         Catch::Contains("does not match its digest"));
    }
    // Cut exactly before the signature frame: the compressed content whole, unsigned.
    const auto unsigned_ = readBatch(good.substr(0, good.size() - BatchTrailerBytes), "cut.hlbatch");
    REQUIRE_FALSE(unsigned_);
    CHECK_THAT(unsigned_.error().reason, Catch::Contains("signature frame"));
}

TEST_CASE("a batch file crafted to be huge is refused without reading it all", "[batch][tamper]") {
    Kiosk k;
    k.rateMany(30);
    const ExportResult res = k.exportOk(k.out);
    BatchReadOptions small;
    small.maxBytes = 1000;
    const auto tooBig = readBatchFile(res.batchFile, small);
    REQUIRE_FALSE(tooBig);
    CHECK_THAT(tooBig.error().reason, Catch::Contains("over the limit") && Catch::Contains("refused unread"));
    BatchReadOptions bomb;  // content that unpacks to more than allowed (a "zip bomb")
    bomb.maxTextBytes = 4096;
    const auto unpacked = readBatchFile(res.batchFile, bomb);
    REQUIRE_FALSE(unpacked);
    CHECK_THAT(unpacked.error().reason, Catch::Contains("larger than 4096 bytes"));
}

TEST_CASE("the batch content is a plain zstd stream of JSON lines", "[batch]") {
    Kiosk k;
    k.rateMany(4);
    const ExportResult res = k.exportOk(k.out);
    const std::string text = k.dir / "content.jsonl";
    const std::string command = "zstd -q -dc '" + res.batchFile.string() + "' > '" + text + "'";
    INFO("needs the zstd program (Debian package zstd, which dev.sh installs)");
    REQUIRE(std::system("command -v zstd > /dev/null") == 0);
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string lines = readAll(text);
    CHECK(lines.rfind("{\"format\":\"hailong-batch/1\"", 0) == 0);
    CHECK(std::count(lines.begin(), lines.end(), '\n') >= 4 + 1 + 1);
    CHECK(lines.find("[\"R\",1,4,\"") != std::string::npos);  // context 1, seq 4
    CHECK(lines.find("{\"summary\":") != std::string::npos);
}

TEST_CASE("a batch signed by another key is refused", "[batch][tamper]") {
    Kiosk k;
    k.rateMany(5);
    const std::string good = readAll(k.exportOk(k.out).batchFile);
    Kiosk other;  // another kiosk's key pair
    const std::string content = good.substr(0, good.size() - BatchTrailerBytes);
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(content.data()), content.size(),
                       nullptr, 0);
    const std::string digestHex = toHex(digest, sizeof digest);
    const std::string resigned = content + batchTrailer(digestHex, other.keys.signHex(batchSignedText(digestHex)));
    const auto r = readBatch(resigned, "resigned.hlbatch");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().toString(),
               Catch::Contains("resigned.hlbatch") && Catch::Contains("signature does not match"));

    // A genuine batch of the other kiosk, offered as this kiosk's.
    other.rateMany(3);
    const ExportResult theirs = other.exportOk(other.out);
    const auto mismatch = readBatchFile(theirs.batchFile, k.ownKey());
    REQUIRE_FALSE(mismatch);
    CHECK_THAT(mismatch.error().reason, Catch::Contains("signed by another key"));
    CHECK(readBatchFile(theirs.batchFile));  // fine on its own
}

TEST_CASE("batches chain: a missing, forked or re-chained batch is reported", "[batch][chain]") {
    Kiosk k;
    std::vector<ExportResult> exported;
    for (int b = 0; b < 4; ++b) {
        k.rateMany(3);
        exported.push_back(k.exportOk(k.out));
    }
    std::vector<Batch> batches;
    for (const ExportResult& e : exported) batches.push_back(*readBatchFile(e.batchFile, k.ownKey()));
    for (std::size_t i = 1; i < batches.size(); ++i) {
        CHECK(batches[i].header.previousDigestHex == batches[i - 1].digestHex);
        CHECK(batches[i].header.seqFirst == batches[i - 1].header.seqLast + 1);
    }
    auto chain = [&](std::vector<std::size_t> which) {
        std::vector<ChainedFile> files;
        for (std::size_t i : which) files.push_back({"b" + std::to_string(i + 1), &batches[i]});
        return checkChain(files);
    };
    CHECK(chain({0, 1, 2, 3}).empty());
    CHECK(chain({3, 1, 0, 2}).empty());     // any order
    CHECK(chain({0, 1, 1, 2, 3}).empty());  // a copy is not a problem
    const auto missing = chain({0, 1, 3});
    REQUIRE(missing.size() == 1);
    CHECK_THAT(missing[0], Catch::Contains("batch 3") && Catch::Contains("missing"));

    // A batch 3 whose previous digest is not batch 2's, correctly signed (a kiosk restored
    // from an old backup would do this).
    BatchHeader head = batches[2].header;
    head.previousDigestHex = batches[0].digestHex;
    std::string bytes;
    BatchWriter writer(head, [&](std::string_view b) { bytes.append(b); });
    for (const Response& r : batches[2].responses) writer.add(r);
    for (const AuditEntry& e : batches[2].audit) writer.add(e);
    writer.finish([&](const std::string&, int) { return std::optional<std::string>(defaultQuestionnaire().source); },
                  k.keys);
    auto rechained = readBatch(bytes, "b3x", k.ownKey());
    REQUIRE(rechained);
    batches.push_back(*rechained);
    std::vector<ChainedFile> files{{"b2", &batches[1]}, {"b3x", &batches[4]}};
    const auto broken = checkChain(files);
    REQUIRE(broken.size() == 1);
    CHECK_THAT(broken[0], Catch::Contains("b3x") && Catch::Contains("chain broken"));
    files.push_back({"b3", &batches[2]});
    const auto forked = checkChain(files);
    CHECK(std::any_of(forked.begin(), forked.end(),
                      [](const std::string& p) { return p.find("fork") != std::string::npos; }));
}

TEST_CASE("an export that fails half-way marks nothing and leaves no file under its final name",
          "[batch][export][slow]") {
    Kiosk k;
    k.rateMany(3000);  // a batch over 1 MiB: written in several chunks
    const std::vector<Response> before = k.store.all();
    struct Point {
        const char* where;
        std::function<int(const fs::path&, std::uint64_t)> fault;
        int err;
    };
    int writes = 0;
    const std::vector<Point> points{
        {"first write",
         [](const fs::path& f, std::uint64_t at) { return f.extension() == ".hlbatch" && at == 0 ? EIO : 0; }, EIO},
        {"second chunk",
         [](const fs::path& f, std::uint64_t at) { return f.extension() == ".hlbatch" && at > 0 ? ENOSPC : 0; },
         ENOSPC},
        {"flush of the batch",
         [&](const fs::path& f, std::uint64_t) { return f.extension() == ".hlbatch" && ++writes > 2 ? EIO : 0; }, EIO},
        {"the CSV", [](const fs::path& f, std::uint64_t) { return f.extension() == ".csv" ? EROFS : 0; }, EROFS},
        {"the renames",
         [](const fs::path& f, std::uint64_t at) {
             return f.extension() == ".xlsx" && at == ~std::uint64_t{0} ? EIO : 0;
         },
         EIO},
    };
    for (const Point& p : points) {
        INFO(p.where);
        writes = 0;
        ExportOptions o;
        o.fault = p.fault;
        const auto r = k.exporter.exportNext(k.out, o);
        REQUIRE_FALSE(r);
        CHECK_THAT(words(r.error(), Language::En), Catch::Contains("Nothing was marked as exported"));
        CHECK_THAT(words(r.error(), Language::Vi), Catch::Contains("Chưa có gì được đánh dấu"));
        if (p.err == ENOSPC) CHECK(r.error().problem == ExportProblem::DriveFull);
        if (p.err == EROFS) CHECK(r.error().problem == ExportProblem::ReadOnly);
        if (p.err == EIO) CHECK(r.error().problem == ExportProblem::DriveGone);
        CHECK_FALSE(r.error().technical.empty());
        CHECK(filesIn(k.out).empty());
        CHECK_FALSE(k.exporter.lastBatch());
        CHECK(k.exporter.unexportedResponses() == 3000);
        CHECK(k.audit.latest()->event == audit::ExportFailed);
    }
    // A folder in the way of the workbook's final name: the rename fails after the CSV's.
    const std::string stem = k.exporter.fileStem("CA-NA", 1);
    fs::create_directories(k.out / (stem + ".xlsx") / "in-the-way");
    REQUIRE_FALSE(k.exporter.exportNext(k.out));
    CHECK(filesIn(k.out) == std::vector<std::string>{stem + ".xlsx"});  // only the folder that was there
    fs::remove_all(k.out / (stem + ".xlsx"));
    CHECK_FALSE(k.exporter.lastBatch());

    const ExportResult res = k.exportOk(k.out);  // the next export holds everything
    CHECK(res.number == 1);
    const auto batch = readBatchFile(res.batchFile, k.ownKey());
    REQUIRE(batch);
    REQUIRE(batch->responses.size() == before.size());
    CHECK(dumpResponse(batch->responses.back()) == dumpResponse(before.back()));
}

TEST_CASE("an export to a full disk fails cleanly and the next one includes everything", "[batch][export][slow]") {
    Kiosk k;
    k.rateMany(2000);
    const fs::path small = k.dir / "small";
    fs::create_directories(small);
    const bool mounted = ::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=256k") == 0;
    struct Unmount {
        fs::path at;
        bool on;
        ~Unmount() {
            if (on) ::umount2(at.c_str(), MNT_DETACH);
        }
    } unmount{small, mounted};
    ExportOptions o;
    if (!mounted) {  // not allowed here (not root): the same error, injected
        WARN("tmpfs mount not permitted here; the full disk is simulated");
        o.fault = [](const fs::path&, std::uint64_t at) { return at > 200'000 ? ENOSPC : 0; };
    }
    const auto r = k.exporter.exportNext(small, o);
    REQUIRE_FALSE(r);
    CHECK(r.error().problem == ExportProblem::DriveFull);
    CHECK_THAT(words(r.error(), Language::En), Catch::Contains("is full") && Catch::Contains(small.string()));
    CHECK(filesIn(small).empty());
    CHECK(k.exporter.unexportedResponses() == 2000);
    const ExportResult ok = k.exportOk(k.out);
    CHECK(ok.responses == 2000);
}

TEST_CASE("a batch exported again is byte for byte the same", "[batch][export]") {
    Kiosk k;
    k.rateMany(25);
    const ExportResult first = k.exportOk(k.out);
    k.rateMany(10);
    k.clock.advanceMs(86'400'000);
    const ExportResult second = k.exportOk(k.out);
    CHECK(second.number == 2);
    CHECK(second.seqFirst == 26);
    const fs::path copy = k.dir / "second-stick";
    fs::create_directories(copy);
    for (const ExportResult& e : {first, second}) {
        const auto again = k.exporter.exportAgain(e.number, copy);
        REQUIRE(again);
        CHECK(again->batchFile.filename() == e.batchFile.filename());
        CHECK(readAll(again->batchFile) == readAll(e.batchFile));
        CHECK(again->digestHex == e.digestHex);
        CHECK(readAll(again->csvFile) == readAll(e.csvFile));
    }
    CHECK(k.exporter.lastBatch()->number == 2);  // writing again marks nothing new
    const auto none = k.exporter.exportAgain(7, copy);
    REQUIRE_FALSE(none);
    CHECK(none.error().problem == ExportProblem::NoSuchBatch);
    CHECK(words(none.error(), Language::En) == "There is no batch number 7.");
}

TEST_CASE("an export with nothing new says so, and responses still open wait for the next batch", "[batch][export]") {
    Kiosk k;
    k.rateMany(3);
    k.exportOk(k.out);
    auto again = k.exporter.exportNext(k.out);
    REQUIRE_FALSE(again);
    CHECK(again.error().problem == ExportProblem::NothingNew);
    CHECK(words(again.error(), Language::En) == "There is nothing new to export.");
    CHECK(words(again.error(), Language::Vi) == "Không có gì mới để xuất.");

    k.rateMany(2);  // seq 4, 5
    Response open;
    open.uuid = k.ids.newUuid();
    open.kioskId = k.db.kioskId();
    open.questionnaireId = "default";
    open.questionnaireVersion = defaultQuestionnaire().version;
    open.startedUtcMs = k.clock.wallMs();
    open.startedMonoMs = k.clock.monoMs();
    open.bootId = k.clock.bootId();
    open.answers.push_back(Answer{"overall", Scale::ThreeLevel, {"satisfied"}, k.clock.wallMs()});
    k.store.begin(open);  // seq 6, a citizen still answering
    k.rateMany(1);        // seq 7
    const ExportResult res = k.exportOk(k.out);
    CHECK(res.seqFirst == 4);
    CHECK(res.seqLast == 5);
    CHECK(k.exporter.unexportedResponses() == 2);
}

TEST_CASE("the export refuses a folder that does not exist, naming it", "[batch][export]") {
    Kiosk k;
    k.rateMany(2);
    const auto r = k.exporter.exportNext(k.dir / "no-such-stick");
    REQUIRE_FALSE(r);
    CHECK(r.error().problem == ExportProblem::DriveGone);
    CHECK_THAT(words(r.error(), Language::En), Catch::Contains("no-such-stick") && Catch::Contains("removed"));
    CHECK(k.exporter.unexportedResponses() == 2);
}

TEST_CASE("every kind of export failure has words in both language files", "[batch][export]") {
    for (int i = 0; i <= static_cast<int>(ExportProblem::Unknown); ++i) {
        const auto problem = static_cast<ExportProblem>(i);
        INFO(exportProblemKey(problem));
        CHECK(Strings::builtIn().has(exportProblemKey(problem)));
        ExportFailure f{problem, "technical detail", "/media/kiosk/KINGSTON", 12, "Input/output error"};
        for (const Language lang : {Language::Vi, Language::En}) {
            const std::string w = words(f, lang);
            CHECK(w.find('{') == std::string::npos);                 // every placeholder filled in
            CHECK(w.find("technical detail") == std::string::npos);  // the detail is for the log
        }
    }
    SECTION("the system's errors become kinds a person can act on") {
        CHECK(exportFailureFor(ENOSPC, "/s", "").problem == ExportProblem::DriveFull);
        CHECK(exportFailureFor(EROFS, "/s", "").problem == ExportProblem::ReadOnly);
        CHECK(exportFailureFor(EACCES, "/s", "").problem == ExportProblem::NotAllowed);
        CHECK(exportFailureFor(ENOENT, "/s", "").problem == ExportProblem::DriveGone);
        const ExportFailure other = exportFailureFor(EMFILE, "/s", "too many");
        CHECK(other.problem == ExportProblem::WriteFailed);
        CHECK(other.technical == "too many");
        CHECK_THAT(words(other, Language::En), Catch::Contains("/s") && Catch::Contains(std::strerror(EMFILE)));
    }
}

TEST_CASE("a response changed before its export is exported as it is then", "[batch][cache]") {
    Kiosk k;
    const Response first = k.rate(1);
    k.rate(2);
    k.store.addMisuseFlags(first.uuid, misuse::Burst);  // its cached line is dropped and made again
    const ExportResult res = k.exportOk(k.out);
    const auto batch = readBatchFile(res.batchFile, k.ownKey());
    REQUIRE(batch);
    REQUIRE(batch->responses.size() == 2);
    CHECK(batch->responses[0].misuseFlags == (first.misuseFlags | misuse::Burst));
    CHECK(dumpResponse(batch->responses[0]) == dumpResponse(*k.store.find(first.uuid)));
}

TEST_CASE("an exported response never changes: a late flag travels in the next batch", "[batch][cache]") {
    Kiosk k;
    const Response first = k.rate(1);
    const ExportResult one = k.exportOk(k.out);
    const std::string original = readAll(one.batchFile);
    CHECK_THROWS_WITH(k.store.addMisuseFlags(first.uuid, misuse::Burst), Catch::Contains("already exported"));

    // A burst that began before the export is completed after it.
    Response next = k.rate(2);
    Response burst = next;
    burst.uuid = k.ids.newUuid();
    burst.endReason = EndReason::InProgress;
    burst.endedUtcMs = burst.endedMonoMs = 0;
    burst.answers.resize(1);
    k.store.begin(burst, {first.uuid, next.uuid});
    CHECK(k.store.find(first.uuid)->misuseFlags == first.misuseFlags);   // in batch 1: unchanged
    CHECK((k.store.find(next.uuid)->misuseFlags & misuse::Burst) != 0);  // not exported yet: flagged
    CHECK(k.audit.latest()->event == audit::MisuseFlagAdded);
    CHECK(k.audit.latest()->detail == "uuid=" + first.uuid + " flags=2");

    const fs::path copy = k.dir / "copy";
    fs::create_directories(copy);
    const auto again = k.exporter.exportAgain(1, copy);
    REQUIRE(again);
    CHECK(readAll(again->batchFile) == original);  // still byte for byte

    k.store.finish(burst.uuid, EndReason::Skipped, k.clock.wallMs(), k.clock.monoMs());
    const ExportResult two = k.exportOk(k.out);
    const auto batch = readBatchFile(two.batchFile, k.ownKey());
    REQUIRE(batch);
    CHECK(std::any_of(batch->audit.begin(), batch->audit.end(), [&](const AuditEntry& e) {
        return e.event == audit::MisuseFlagAdded && e.detail == "uuid=" + first.uuid + " flags=2";
    }));
}

TEST_CASE("a crafted batch that is self-consistent in its signature but lies is refused without harm",
          "[batch][tamper]") {
    Kiosk k;
    k.rateMany(3);
    const std::string good = readAll(k.exportOk(k.out).batchFile);
    const std::string content = good.substr(0, good.size() - BatchTrailerBytes);
    std::string text(ZSTD_getFrameContentSize(content.data(), content.size()), '\0');
    REQUIRE(ZSTD_decompress(text.data(), text.size(), content.data(), content.size()) == text.size());
    auto sealed = [&](const std::string& plain, bool signedWell) {
        std::string packed(ZSTD_compressBound(plain.size()), '\0');
        packed.resize(ZSTD_compress(packed.data(), packed.size(), plain.data(), plain.size(), 1));
        unsigned char digest[32];
        crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                           nullptr, 0);
        const std::string hex = toHex(digest, sizeof digest);
        return packed + batchTrailer(hex, signedWell ? k.keys.signHex(batchSignedText(hex)) : std::string(128, '0'));
    };
    SECTION("a head announcing ten million responses") {
        std::string lie = text;
        const std::string was = "\"seq_last\":3,\"responses\":3,";
        const auto at = lie.find(was);
        REQUIRE(at != std::string::npos);
        lie.replace(at, was.size(), "\"seq_last\":10000000,\"responses\":10000000,");
        const auto r = readBatch(sealed(lie, true), "lie.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("announces 10000000 responses"));
    }
    SECTION("content that unpacks to far more than the file (a zip bomb)") {
        const std::string bomb = sealed(std::string(80u << 20, '\n'), false);
        CHECK(bomb.size() < (1u << 20));
        const auto r = readBatch(bomb, "bomb.hlbatch");  // default limits
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("larger than"));
    }
}

TEST_CASE("responses stored by an older program version are exported after the migration", "[batch][cache][storage]") {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    const fs::path path = dir / "hailong.db";
    KioskDatabase::createAtVersion(path, 3, clock, ids);
    {  // a response as the version 3 program wrote it: no export cache
        SQLite::Database v3(path.string(), SQLite::OPEN_READWRITE);
        v3.exec("INSERT INTO responses (uuid, kiosk_id, unit_code, questionnaire_id, questionnaire_version, language, "
                "comment, started_utc_ms, ended_utc_ms, utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, "
                "end_reason, misuse_flags, last_activity_mono_ms) VALUES ('00000000-0000-4000-8000-0000000000b1', "
                "'00000000-0000-4000-8000-000000000001', 'H56', 'default', 1, 'vi', 'Tốt, \"nhanh\"', 1000, 9000, 420, "
                "'boot-1', 5000, 13000, 'completed', 0, 13000);"
                "INSERT INTO answers VALUES (1, 'overall', 'three_level', 'satisfied', 0, 0, 1000),"
                "(1, 'reasons', 'multi_select', 'waiting', 0, 1, 2000), (1, 'reasons', 'multi_select', 'fees', 1, 1, "
                "2000)");
    }
    KioskDatabase db(path, clock, ids);
    CHECK(db.schemaVersion() == KioskDatabase::SchemaVersion);
    SqliteResponseStore store(db);
    AuditLog audit(db, clock);
    const KioskKeys keys = KioskKeys::loadOrCreate(dir.path(), db, audit);
    Exporter exporter(db, keys, audit, clock, "hailong test");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    const auto res = exporter.exportNext(out);
    REQUIRE(res);
    const auto batch = readBatchFile(res->batchFile);
    REQUIRE(batch);
    REQUIRE(batch->responses.size() == 1);
    CHECK(dumpResponse(batch->responses[0]) == dumpResponse(store.all()[0]));
    CHECK(batch->responses[0].answers.size() == 2);
    CHECK(batch->responses[0].answers[1].values == std::vector<std::string>{"waiting", "fees"});
    // Schema 6: the export counts the cached lines of its range in their index, not the table.
    SQLite::Statement plan(db.db(), "EXPLAIN QUERY PLAN SELECT count(*) FROM export_lines WHERE seq BETWEEN ? AND ?");
    REQUIRE(plan.executeStep());
    CHECK_THAT(plan.getColumn(3).getString(), Catch::Contains("COVERING INDEX export_lines_by_seq"));
}

TEST_CASE("a kiosk still set to the district level of before 2025 exports it, and the batch reads", "[batch]") {
    Kiosk k;
    k.db.setSetting("unit.level", "district");  // stored by the program of before
    k.rateMany(3);
    const ExportResult res = k.exportOk(k.out);
    const auto batch = readBatchFile(res.batchFile, k.ownKey());
    REQUIRE(batch);
    CHECK(batch->header.unit.level == "district");
    CHECK(batch->responses.size() == 3);
}

TEST_CASE("the export cache holds each ended response's line and reports the ones it lacks", "[batch][cache]") {
    Kiosk k;
    const Response first = k.rate(1);
    const Response second = k.rate(2);
    const Response third = k.rate(3);
    k.db.db().exec("DELETE FROM export_lines WHERE seq = 2");
    std::vector<std::int64_t> seen;
    std::vector<std::pair<std::int64_t, std::int64_t>> gaps;
    forEachCachedLine(
        k.db, 1, 4,
        [&](const CachedLine& line) {
            seen.push_back(line.seq);
            const Response& r = line.seq == 1 ? first : third;
            CHECK(line.tail == encodeResponseTail(viewOf(r)));
            CHECK(line.startedUtcMs == r.startedUtcMs);
            CHECK(line.lastUtcMs == r.endedUtcMs);
        },
        [&](std::int64_t from, std::int64_t to) { gaps.emplace_back(from, to); });
    CHECK(seen == std::vector<std::int64_t>{1, 3});
    CHECK(gaps == std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 2}, {4, 4}});
    {
        SQLite::Transaction tx(k.db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        CHECK(fillExportCache(k.db, 1, 3) == 1);
        tx.commit();
    }
    CHECK(k.db.db().execAndGet("SELECT tail FROM export_lines WHERE seq = 2").getString() ==
          encodeResponseTail(viewOf(second)));
}

TEST_CASE("the automatic export is due once each closing time", "[batch][export]") {
    OpeningHours hours;  // 07:30-17:00, Monday to Saturday
    const int offset = 420;
    const std::int64_t monday9 = 1'767'225'600'000 + 4 * 86'400'000 + 2 * 3'600'000;  // 2026-01-05 09:00 +07:00
    const std::int64_t hour = 3'600'000;
    CHECK_FALSE(autoExportDue(hours, monday9, monday9 + 7 * hour, offset));  // 16:00
    CHECK(autoExportDue(hours, monday9, monday9 + 8 * hour, offset));        // 17:00
    const std::int64_t exported = monday9 + 8 * hour + 1000;
    CHECK_FALSE(autoExportDue(hours, exported, monday9 + 12 * hour, offset));  // the same evening
    CHECK(autoExportDue(hours, exported, monday9 + 32 * hour, offset));        // Tuesday 17:00
    CHECK(autoExportDue(hours, exported, monday9 + 5 * 24 * hour, offset));    // off for days: once, at start
}

TEST_CASE("lines cached in another encoding are made again before an export", "[batch][cache]") {
    Kiosk k;
    CHECK(k.db.meta("export_line_format") == std::string(ExportLineFormat));  // set with the schema
    k.rateMany(4);
    k.db.db().exec("UPDATE export_lines SET tail = 'from an older program'");
    k.db.setMeta("export_line_format", "hailong-batch/1 response line 0");
    const ExportResult res = k.exportOk(k.out);
    const auto batch = readBatchFile(res.batchFile, k.ownKey());
    REQUIRE(batch);
    REQUIRE(batch->responses.size() == 4);
    CHECK(dumpResponse(batch->responses[3]) == dumpResponse(k.store.all()[3]));
    CHECK(k.db.meta("export_line_format") == std::string(ExportLineFormat));
}

// Inputs on which tests/fuzz/batch_reader.fuzz.cpp failed (its sanitizers), kept as tests: each
// must be refused without undefined behaviour (a -DHAILONG_SANITIZE=ON build aborts on it).
TEST_CASE("a batch head whose last seq or audit id is the largest integer is refused without overflow",
          "[batch][tamper][fuzz]") {
    Kiosk k;
    k.rateMany(2);
    const std::string good = readAll(k.exportOk(k.out).batchFile);
    const std::string content = good.substr(0, good.size() - BatchTrailerBytes);
    std::string text(ZSTD_getFrameContentSize(content.data(), content.size()), '\0');
    REQUIRE(ZSTD_decompress(text.data(), text.size(), content.data(), content.size()) == text.size());
    auto sealed = [&](const std::string& plain) {
        std::string packed(ZSTD_compressBound(plain.size()), '\0');
        packed.resize(ZSTD_compress(packed.data(), packed.size(), plain.data(), plain.size(), 1));
        unsigned char digest[32];
        crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                           nullptr, 0);
        const std::string hex = toHex(digest, sizeof digest);
        return packed + batchTrailer(hex, k.keys.signHex(batchSignedText(hex)));
    };
    auto withHeadField = [&](const std::string& key, const std::string& value) {
        const std::string field = "\"" + key + "\":";
        const std::size_t found = text.find(field);
        REQUIRE(found != std::string::npos);
        const std::size_t at = found + field.size();
        std::string changed = text;
        changed.replace(at, changed.find(',', at) - at, value);
        return changed;
    };
    // Integers beyond ±(2^53 − 1) are refused as they are read; 2^53 − 1 itself reaches the
    // range checks, where last + 1 would be one too many.
    SECTION("seq_last") {
        const auto r = readBatch(sealed(withHeadField("seq_last", "9223372036854775807")), "max.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("seq_last is out of range"));
        const auto safe = readBatch(sealed(withHeadField("seq_last", "9007199254740991")), "max.hlbatch");
        REQUIRE_FALSE(safe);
        CHECK_THAT(safe.error().reason, Catch::Contains("seq_first, seq_last and responses do not agree"));
    }
    SECTION("audit_last") {
        const auto r = readBatch(sealed(withHeadField("audit_last", "9223372036854775807")), "max.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("audit_last is out of range"));
        const auto safe = readBatch(sealed(withHeadField("audit_last", "9007199254740991")), "max.hlbatch");
        REQUIRE_FALSE(safe);
        CHECK_THAT(safe.error().reason, Catch::Contains("audit_first, audit_last and audit_entries do not agree"));
    }
}

TEST_CASE("a batch crafted with 300000 distinct answer values is refused within seconds", "[batch][tamper][fuzz]") {
    // Counting answers once scanned a list of the values seen for each value: quadratic, so
    // 80,000 values took minutes. Signed and well formed, this batch reaches that count.
    Kiosk k;
    k.rateMany(2);
    const std::string good = readAll(k.exportOk(k.out).batchFile);
    const std::string content = good.substr(0, good.size() - BatchTrailerBytes);
    std::string text(ZSTD_getFrameContentSize(content.data(), content.size()), '\0');
    REQUIRE(ZSTD_decompress(text.data(), text.size(), content.data(), content.size()) == text.size());
    std::string values = "\"multi_select\",[";
    for (int i = 0; i < 300'000; ++i) values += "\"v" + std::to_string(i) + "\",";
    const std::string was = "\"three_level\",[";
    const std::size_t at = text.find(was);
    REQUIRE(at != std::string::npos);
    text.replace(at, was.size(), values);
    std::string packed(ZSTD_compressBound(text.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 1));
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                       nullptr, 0);
    const std::string hex = toHex(digest, sizeof digest);
    const std::string crafted = packed + batchTrailer(hex, k.keys.signHex(batchSignedText(hex)));

    const auto start = std::chrono::steady_clock::now();
    const auto r = readBatch(crafted, "many.hlbatch");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().reason, Catch::Contains("answer counts of the summary do not match"));
    CHECK(seconds < 30);  // well under a second; the scan would have taken many minutes
}
