// hailong_fuzz_seeds OUT: writes the seed corpora of the fuzz targets, made fresh at each
// build (nothing of it is committed):
//   OUT/batch_reader/  valid batches made by the real exporter and batch writer, signed with
//                      the fuzz test key, as files (file-*) and as their JSON lines (text-*),
//                      and broken ones: empty, truncated, a flipped byte, unsigned, two frames,
//                      a huge announced count, a missing summary, a newer format ...
//   OUT/key_file/      key files, valid and broken.
// See batch_reader.fuzz.cpp for how the target tells a file from JSON lines.
#include "fuzz/fuzz_support.h"

#include "base/clock.h"
#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <sys/stat.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

using namespace hailong::core;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The kiosk's key file holds the fuzz test key before the kiosk first loads it, so its
// batches pass the signature check of the fuzz target's sealed inputs too.
KioskKeys testKeys(const fs::path& dataDir, KioskDatabase& db, AuditLog& audit) {
    const auto& secret = hailong::fuzz::testKey().secretKey;
    fs::create_directories(dataDir / "keys");
    ::chmod((dataDir / "keys").c_str(), 0700);
    const fs::path file = dataDir / "keys" / "kiosk.secret";
    write(file, "hailong-kiosk-secret-key/1\n" + toHex(secret.data(), secret.size()) + "\n");
    ::chmod(file.c_str(), 0600);
    KioskKeys keys = KioskKeys::loadOrCreate(dataDir, db, audit);
    if (keys.publicKeyHex() != hailong::fuzz::testKey().publicHex)
        throw std::runtime_error("the test key was not used");
    return keys;
}

// A kiosk as in tests/support/export_kiosk.h, without Catch.
struct SeedKiosk {
    hailong::test::TempDir dir;
    ManualClock clock;
    SequentialIds ids{1};
    KioskDatabase db{dir / "hailong.db", clock, ids};
    SqliteResponseStore store{db, cacheExportLines};
    AuditLog audit{db, clock};
    KioskKeys keys = testKeys(dir.path(), db, audit);
    Exporter exporter{db, keys, audit, clock, "hailong fuzz seeds"};
    fs::path out = dir / "usb";

    SeedKiosk() {
        fs::create_directories(out);
        KioskSettings s;
        s.unitCode = "CA-NA";
        s.unitName = "Công an tỉnh Nghệ An";
        s.unitLevel = "province";
        s.counterName = "Quầy 1";
        if (!SettingsStore(db).save(s).empty()) throw std::runtime_error("settings refused");
        db.rememberQuestionnaire("default", defaultQuestionnaire().version, defaultQuestionnaire().source,
                                 clock.wallMs());
        audit.record(audit::StaffSignIn, "officer=cb07");
    }

    // One finished response; i varies the fields, the counter (a second context) and the end.
    void rate(int i) {
        clock.advanceMs(60'000);
        const std::string main = i % 5 == 0 ? "not_satisfied" : i % 3 ? "very_satisfied" : "satisfied";
        Response r;
        r.uuid = ids.newUuid();
        r.kioskId = db.kioskId();
        r.unit = UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", i % 4 == 3 ? "Quầy 2" : "Quầy 1"};
        r.officerId = i % 2 ? "cb07" : "";
        r.procedureCode = i % 3 ? "CCCD" : "";
        r.dossierCode = i % 4 == 0 ? "HS-" + std::to_string(100 + i) : "";
        r.questionnaireId = "default";
        r.questionnaireVersion = defaultQuestionnaire().version;
        r.language = i % 5 ? Language::Vi : Language::En;
        r.startedUtcMs = clock.wallMs();
        r.startedMonoMs = clock.monoMs();
        r.utcOffsetMinutes = 420;
        r.bootId = clock.bootId();
        r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {main}, clock.wallMs()});
        store.begin(r);
        clock.advanceMs(3000);
        if (main == "not_satisfied")
            store.saveAnswer(r.uuid, Answer{"reasons", Scale::MultiSelect, {"waiting", "attitude"}, clock.wallMs()});
        if (i % 7 == 0)
            store.setComment(r.uuid, "Chờ lâu, \"rất\" lâu,\nnhưng cán bộ tận tình\r\nCảm ơn; tab\there \\ \x01");
        if (i % 11 == 0) store.addMisuseFlags(r.uuid, misuse::RapidRepeat);
        store.finish(r.uuid, i % 6 == 0 ? EndReason::Timeout : EndReason::Completed, clock.wallMs(), clock.monoMs());
    }
    std::string exportNext() {
        auto r = exporter.exportNext(out);
        if (!r) throw std::runtime_error("export failed: " + r.error().technical);
        return readAll(r->batchFile);
    }
};

// A small batch straight from BatchWriter, with a one-line questionnaire source: short seeds
// mutate faster than ones carrying the whole default questionnaire.
std::string smallBatch(const KioskKeys& keys) {
    BatchHeader h;
    h.kioskId = "00000000-0000-4000-8000-00000000beef";
    h.publicKeyHex = keys.publicKeyHex();
    h.unit = UnitInfo{"X", "Xã A", "commune", ""};
    h.number = 2;
    h.previousDigestHex = std::string(64, 'a');
    h.seqFirst = 7;
    h.seqLast = 8;
    h.responseCount = 2;
    h.auditFirst = 3;
    h.auditLast = 6;
    h.auditCount = 2;
    h.exportUtcMs = 1'767'225'600'000;
    h.exportUtcOffsetMinutes = 420;
    h.exportMonoMs = 5000;
    h.exportBootId = "unknown";
    h.program = "hailong fuzz seeds";
    std::string file;
    BatchWriter w(h, [&](std::string_view bytes) { file.append(bytes); });
    for (int i = 0; i < 2; ++i) {
        Response r;
        r.uuid = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
        r.kioskId = h.kioskId;
        r.seq = 7 + i;
        r.unit = h.unit;
        r.questionnaireId = "q";
        r.questionnaireVersion = 1 + i;
        r.language = i ? Language::En : Language::Vi;
        r.startedUtcMs = 1'767'225'000'000 + i;
        r.endedUtcMs = r.startedUtcMs + 10;
        r.utcOffsetMinutes = -60 * i;
        r.bootId = "unknown";
        r.startedMonoMs = 100;
        r.endedMonoMs = i ? 0 : 110;
        r.endReason = i ? EndReason::Interrupted : EndReason::Skipped;
        r.misuseFlags = i ? 7u : 0u;
        r.answers.push_back(Answer{"a", Scale::Star5, {"5"}, r.startedUtcMs});
        if (i) r.answers.push_back(Answer{"b", Scale::Choice, {"x"}, r.startedUtcMs});
        r.comment = i ? "" : "ok";
        w.add(r);
    }
    w.add(AuditEntry{4, 1'767'225'000'000, 420, 90, "unknown", "kiosk_start", "0.1.0"});
    w.add(AuditEntry{6, 1'767'225'000'500, 420, 95, "unknown", "some_future_event", ""});
    w.finish([](const std::string&, int version) { return std::optional<std::string>("v" + std::to_string(version)); },
             keys);
    return file;
}

std::string replaced(const std::string& text, const std::string& pattern, const std::string& with) {
    std::string out = std::regex_replace(text, std::regex(pattern), with, std::regex_constants::format_first_only);
    if (out == text) throw std::runtime_error("seed pattern not found: " + pattern);
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t nl = text.find('\n', at);
        out.push_back(text.substr(at, nl - at + 1));
        at = nl + 1;
    }
    return out;
}

void batchSeeds(const fs::path& dir) {
    using hailong::fuzz::compress;
    using hailong::fuzz::contentText;
    using hailong::fuzz::seal;
    fs::create_directories(dir);
    SeedKiosk k;
    for (int i = 0; i < 12; ++i) k.rate(i);
    const std::string first = k.exportNext();
    k.rate(12);
    k.rate(13);
    const std::string second = k.exportNext();
    k.audit.record(audit::StaffSignOut, "");
    const std::string noResponses = k.exportNext();
    const std::string small = smallBatch(k.keys);

    // Valid, as files and as text.
    const std::vector<std::pair<std::string, std::string>> valid{
        {"export-1", first}, {"export-2", second}, {"export-3-no-responses", noResponses}, {"writer-small", small}};
    for (const auto& [name, file] : valid) {
        const std::string text = contentText(file);
        if (text.empty()) throw std::runtime_error("cannot decompress " + name);
        if (!readBatch(file, name)) throw std::runtime_error("a valid seed does not read: " + name);
        write(dir / ("file-" + name + ".hlbatch"), file);
        write(dir / ("text-" + name + ".jsonl"), text);
    }

    // Broken files.
    write(dir / "empty", "");
    write(dir / "file-truncated-half.hlbatch", small.substr(0, small.size() / 2));
    write(dir / "file-truncated-1.hlbatch", small.substr(0, small.size() - 1));
    write(dir / "file-unsigned.hlbatch", small.substr(0, small.size() - BatchTrailerBytes));
    std::string flipped = small;
    flipped[flipped.size() / 3] = static_cast<char>(flipped[flipped.size() / 3] ^ 0x10);
    write(dir / "file-flipped-byte.hlbatch", flipped);
    const std::string text = contentText(small);
    write(dir / "file-two-frames.hlbatch",
          seal(compress(text.substr(0, text.size() / 2)) + compress(text.substr(text.size() / 2))));
    write(dir / "file-not-zstd.hlbatch", seal("\x28\xb5\x2f\xfd" + text));

    // Broken text (the target compresses and seals it).
    // 2^52 announced (the head's range checks pass): the reader must not trust it.
    const std::string hugeResponses = replaced(text, R"("seq_last":\d+,"responses":\d+)",
                                               R"("seq_last":4503599627370502,"responses":4503599627370496)");
    write(dir / "text-huge-response-count.jsonl", hugeResponses);
    write(dir / "file-huge-response-count.hlbatch", seal(compress(hugeResponses)));
    // The largest numbers JSON may carry here (an overflow of seq_last + 1 was found with these).
    write(dir / "text-largest-seq-last.jsonl",
          replaced(text, R"("seq_last":\d+)", R"("seq_last":9223372036854775807)"));
    write(dir / "text-largest-audit-last.jsonl",
          replaced(text, R"("audit_last":\d+)", R"("audit_last":9223372036854775807)"));
    write(dir / "text-smallest-seq-first.jsonl",
          replaced(text, R"("seq_first":\d+)", R"("seq_first":-9223372036854775808)"));
    const std::string huge = "4503599627370496";
    write(dir / "text-huge-audit-count.jsonl",
          replaced(text, R"("audit_first":\d+,"audit_last":\d+,"audit_entries":\d+)",
                   R"("audit_first":1,"audit_last":)" + huge + R"(,"audit_entries":)" + huge));
    write(dir / "text-newer-format.jsonl", replaced(text, "hailong-batch/1", "hailong-batch/2"));
    write(dir / "text-other-key.jsonl", replaced(text, R"("public_key":"[0-9a-f]{8})", R"("public_key":"00000000)"));
    write(dir / "text-truncated.jsonl", text.substr(0, text.size() / 2));
    const std::vector<std::string> ls = lines(text);
    std::string noSummary, seqGap, unknownRecord, undefinedContext;
    bool gapMade = false;
    for (std::size_t i = 0; i < ls.size(); ++i) {
        if (i + 1 < ls.size()) noSummary += ls[i];
        if (!gapMade && ls[i].rfind("[\"R\",", 0) == 0) gapMade = true;  // the first response left out
        else seqGap += ls[i];
        unknownRecord += i == 2 ? "[\"Z\",1]\n" + ls[i] : ls[i];
        undefinedContext += ls[i].rfind("[\"R\",1,", 0) == 0 ? "[\"R\",9," + ls[i].substr(7) : ls[i];
    }
    write(dir / "text-no-summary.jsonl", noSummary);
    write(dir / "text-seq-gap.jsonl", seqGap);
    write(dir / "text-unknown-record.jsonl", unknownRecord);
    write(dir / "text-undefined-context.jsonl", undefinedContext);
    std::string textFlipped = text;  // a digit of the summary's time range: another digit
    const std::size_t digit = text.rfind("\"time_last_utc_ms\":") + 20;
    textFlipped[digit] = static_cast<char>(textFlipped[digit] ^ 0x01);
    write(dir / "text-flipped-byte.jsonl", textFlipped);
    write(dir / "text-not-utf8.jsonl", replaced(text, "Xã A", "X\xe3\x80 A"));
    write(dir / "text-crlf.jsonl", std::regex_replace(text, std::regex("\n"), "\r\n"));
    write(dir / "text-no-final-newline.jsonl", text.substr(0, text.size() - 1));
}

void keyFileSeeds(const fs::path& dir) {
    fs::create_directories(dir);
    KioskKeyFile key;
    key.kioskId = "9b58d7bc-307e-4154-ae1b-64ff473a806e";
    key.publicKeyHex = hailong::fuzz::testKey().publicHex;
    key.unit = UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy số 1"};
    const std::string valid = formatKioskKeyFile(key);
    if (!parseKioskKeyFile(valid)) throw std::runtime_error("a valid key file does not read");
    write(dir / "valid.json", valid);
    const std::string minimal = R"({"format":"hailong-kiosk-key/1","kiosk_id":"9b58d7bc-307e-4154-ae1b-64ff473a806e",)"
                                R"("public_key":"A5AAA038A5849131729C6BAE40B9B5E88F998B1B416B836AB648F119AD70E433"})";
    write(dir / "minimal-upper-hex.json", minimal);
    write(dir / "wrong-format.json", replaced(valid, "hailong-kiosk-key/1", "hailong-kiosk-key/2"));
    write(dir / "kiosk-id-number.json", replaced(valid, R"("9b58d7bc[^"]*")", "12"));
    write(dir / "unit-string.json", replaced(minimal, "\\}$", R"(,"unit":"CA","counter":7})"));
    write(dir / "bad-hex.json", replaced(minimal, "A5AA", "G5AA"));
    write(dir / "not-object.json", "[\"hailong-kiosk-key/1\"]\n");
    write(dir / "truncated.json", valid.substr(0, valid.size() / 2));
    write(dir / "empty", "");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    try {
        const fs::path out = argv[1];
        batchSeeds(out / "batch_reader");
        keyFileSeeds(out / "key_file");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hailong_fuzz_seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}
