// The corners of docs/batch-format.md where a reader written from the document alone could
// disagree with ours: keys twice in an object, the integers' range, the "zip bomb" limit,
// lower-case hex, the kiosk of a key file, the questionnaires' order, lone surrogates and the
// time range of negative times. Each batch here is signed by the kiosk's own key, so only the
// corner itself can make it fail.
#include "batch/batch_format.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "support/export_kiosk.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <zstd.h>

using namespace hailong::core;
using hailong::test::Kiosk;

namespace {

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A kiosk's exported batch as JSON text, to change and seal again with the kiosk's key.
struct Crafted {
    Kiosk k;
    std::string text;

    explicit Crafted(int responses = 3) {
        k.rateMany(responses);
        const std::string good = readAll(k.exportOk(k.out).batchFile);
        const std::string content = good.substr(0, good.size() - BatchTrailerBytes);
        text.resize(ZSTD_getFrameContentSize(content.data(), content.size()));
        REQUIRE(ZSTD_decompress(text.data(), text.size(), content.data(), content.size()) == text.size());
        REQUIRE(readBatch(seal(text), "good.hlbatch"));
    }
    /// The text compressed and signed (a trailer as the kiosk writes it).
    std::string seal(const std::string& plain) const {
        std::string packed(ZSTD_compressBound(plain.size()), '\0');
        packed.resize(ZSTD_compress(packed.data(), packed.size(), plain.data(), plain.size(), 1));
        return packed + trailerFor(packed);
    }
    std::string trailerFor(const std::string& packed) const {
        const std::string hex = digestOf(packed);
        return batchTrailer(hex, k.keys.signHex(batchSignedText(hex)));
    }
    static std::string digestOf(const std::string& packed) {
        unsigned char digest[32];
        crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                           nullptr, 0);
        return toHex(digest, sizeof digest);
    }
    /// The text with the first `was` replaced by `now`.
    std::string with(const std::string& was, const std::string& now) const {
        const std::size_t at = text.find(was);
        REQUIRE(at != std::string::npos);
        std::string changed = text;
        changed.replace(at, was.size(), now);
        return changed;
    }
    /// The text with the value of the first `"key":` replaced (up to the next , or }).
    std::string withValue(const std::string& key, const std::string& value) const {
        const std::string field = "\"" + key + "\":";
        const std::size_t found = text.find(field);
        REQUIRE(found != std::string::npos);
        const std::size_t at = found + field.size();
        std::string changed = text;
        changed.replace(at, changed.find_first_of(",}", at) - at, value);
        return changed;
    }
    /// Why the sealed text is refused ("" if it is read).
    std::string refusal(const std::string& plain, const BatchReadOptions& options = {}) const {
        const auto r = readBatch(seal(plain), "crafted.hlbatch", options);
        return r ? std::string() : r.error().reason;
    }
};

}  // namespace

TEST_CASE("a batch with a key twice in any object is refused, naming the key", "[batch][corners]") {
    Crafted c;
    SECTION("in the head") {
        const std::string why = c.refusal(c.with("\"number\":1,", "\"number\":1,\"number\":2,"));
        CHECK_THAT(why, Catch::Contains("line 1:") && Catch::Contains("\"number\" appears twice"));
    }
    SECTION("the same value twice is refused too") {
        CHECK_THAT(c.refusal(c.with("\"number\":1,", "\"number\":1,\"number\":1,")),
                   Catch::Contains("\"number\" appears twice"));
    }
    SECTION("an unknown key of the head, which is otherwise ignored") {
        CHECK(c.refusal(c.with("\"number\":1,", "\"number\":1,\"extra\":1,")).empty());
        CHECK_THAT(c.refusal(c.with("\"number\":1,", "\"number\":1,\"extra\":1,\"extra\":2,")),
                   Catch::Contains("\"extra\" appears twice"));
    }
    SECTION("inside the head's unit") {
        CHECK_THAT(c.refusal(c.with("\"code\":\"CA-NA\",", "\"code\":\"CA-NA\",\"code\":\"XX\",")),
                   Catch::Contains("\"code\" appears twice in one object (in \"unit\")"));
    }
    SECTION("in an object nested in an unknown key's array") {
        CHECK_THAT(c.refusal(c.with("\"number\":1,", "\"number\":1,\"x\":[[{\"a\":1,\"b\":2,\"a\":3}]],")),
                   Catch::Contains("\"a\" appears twice in one object (in \"x\")"));
    }
    SECTION("in the summary line") {
        CHECK_THAT(c.refusal(c.with("{\"summary\":", "{\"summary\":{},\"summary\":")),
                   Catch::Contains("\"summary\" appears twice"));
    }
    SECTION("in a questionnaire of the summary") {
        CHECK_THAT(c.refusal(c.with("{\"id\":\"default\",", "{\"id\":\"other\",\"id\":\"default\",")),
                   Catch::Contains("\"id\" appears twice in one object (in \"questionnaires\")"));
    }
    SECTION("a record cannot hold an object at all") {
        const std::string why = c.refusal(c.with(",\"vi\",", ",{\"a\":1,\"a\":1},"));
        CHECK_THAT(why, Catch::Contains("language must be a string"));
    }
}

TEST_CASE("a kiosk key file with a key twice in an object is refused, naming the key", "[batch][corners]") {
    const std::string good = formatKioskKeyFile(
        KioskKeyFile{"9b58d7bc-307e-4154-ae1b-64ff473a806e", std::string(64, 'a'), UnitInfo{"CA-NA", "", "", ""}});
    REQUIRE(parseKioskKeyFile(good));
    auto twice = [&](const std::string& was, const std::string& now) {
        std::string text = good;
        const std::size_t at = text.find(was);
        REQUIRE(at != std::string::npos);
        text.replace(at, was.size(), now);
        return parseKioskKeyFile(text);
    };
    const auto top = twice("\"kiosk_id\":", "\"public_key\": \"" + std::string(64, 'b') + "\", \"kiosk_id\":");
    REQUIRE_FALSE(top);
    CHECK_THAT(top.error(), Catch::Contains("\"public_key\" appears twice"));
    const auto nested = twice("\"code\":", "\"code\": \"X\", \"code\":");
    REQUIRE_FALSE(nested);
    CHECK_THAT(nested.error(), Catch::Contains("\"code\" appears twice"));
    CHECK(twice("\"code\":", "\"kiosk_id\": \"x\", \"code\":"));  // the same key in two objects is fine
}

TEST_CASE("every integer of a batch lies within plus or minus 2^53 - 1", "[batch][corners]") {
    Crafted c;
    CHECK(c.refusal(c.withValue("utc_ms", "9007199254740991")).empty());
    CHECK(c.refusal(c.withValue("utc_ms", "-9007199254740991")).empty());
    CHECK_THAT(c.refusal(c.withValue("utc_ms", "9007199254740992")), Catch::Contains("export utc_ms is out of range"));
    CHECK_THAT(c.refusal(c.withValue("mono_ms", "-9007199254740992")),
               Catch::Contains("export mono_ms is out of range"));
    CHECK_THAT(c.refusal(c.withValue("utc_ms", "1.0")), Catch::Contains("export utc_ms must be a whole number"));
    CHECK_THAT(c.refusal(c.withValue("utc_ms", "1e3")), Catch::Contains("export utc_ms must be a whole number"));
    CHECK(c.refusal(c.withValue("utc_ms", "-0")).empty());

    SECTION("the last seq and audit id leave room for the next one") {
        // seq_last = 2^53 - 2: the next seq, 2^53 - 1, is still an integer of a batch.
        const std::string head = "\"seq_first\":1,\"seq_last\":3,\"responses\":3,";
        CHECK_THAT(c.refusal(c.with(head, "\"seq_first\":9007199254740989,\"seq_last\":9007199254740991,"
                                          "\"responses\":3,")),
                   Catch::Contains("seq_first, seq_last and responses do not agree"));
        CHECK_THAT(c.refusal(c.with(head, "\"seq_first\":9007199254740988,\"seq_last\":9007199254740990,"
                                          "\"responses\":3,")),
                   Catch::Contains("response seq 1 where 9007199254740988 belongs"));
    }
    SECTION("audit_first is 1 or more") {
        CHECK_THAT(c.refusal(c.withValue("audit_first", "0")),
                   Catch::Contains("audit_first, audit_last and audit_entries do not agree"));
    }
    SECTION("every UTC offset is within -960 to 960") {
        CHECK(c.refusal(c.withValue("utc_offset_min", "960")).empty());
        CHECK_THAT(c.refusal(c.withValue("utc_offset_min", "961")),
                   Catch::Contains("export utc_offset_min is out of range (-960 to 960)"));
        const std::string audit = c.text.substr(c.text.find("[\"A\","));
        const std::string a = audit.substr(0, audit.find('\n'));
        // ["A",id,utc_ms,utc_offset_min,...: the fourth element.
        std::size_t at = 0;
        for (int i = 0; i < 3; ++i) at = a.find(',', at) + 1;
        std::string bad = a;
        bad.replace(at, a.find(',', at) - at, "-961");
        CHECK_THAT(c.refusal(c.with(a, bad)), Catch::Contains("utc_offset_min is out of range (-960 to 960)"));
    }
    SECTION("a questionnaire version is 1 or more") {
        const std::string context = ",\"default\"," + std::to_string(defaultQuestionnaire().version) + "]";
        CHECK_THAT(c.refusal(c.with(context, ",\"default\",0]")),
                   Catch::Contains("questionnaire_version is out of range (1 to 2147483647)"));
    }
}

TEST_CASE("the zip bomb limit is min(8 GiB, max(64 MiB, 64 times the compressed content))", "[batch][corners]") {
    Crafted c;
    const auto refusal = [](const std::string& sealed) {
        const auto r = readBatch(sealed, "bomb.hlbatch");
        return r ? std::string() : r.error().reason;
    };
    SECTION("a small file may unpack to 64 MiB, not a byte more") {
        const std::string at = c.seal(std::string(64u << 20, '\n'));
        REQUIRE((at.size() - BatchTrailerBytes) * 64 < (64u << 20));
        CHECK_THAT(refusal(at), Catch::Contains("line 1: the first line is not JSON"));  // unpacked, then read
        CHECK_THAT(refusal(c.seal(std::string((64u << 20) + 1, '\n'))),
                   Catch::Contains("larger than " + std::to_string(64u << 20) + " bytes"));
    }
    SECTION("the reader's own limit caps it") {
        BatchReadOptions small;
        small.maxTextBytes = 1000;
        CHECK_THAT(c.refusal(c.text, small), Catch::Contains("larger than 1000 bytes"));
    }
}

TEST_CASE("a larger batch file may unpack to 64 times its compressed content, not more", "[batch][corners][slow]") {
    Crafted c;
    const auto refusal = [](const std::string& sealed) {
        const auto r = readBatch(sealed, "bomb.hlbatch");
        return r ? std::string() : r.error().reason;
    };
    // 1.5 MiB that does not compress, then newlines that do: the content is about 1.5 MiB,
    // so the limit is about 96 MiB, above 64 MiB.
    std::mt19937 random(7);
    std::string noise(3u << 19, '\0');
    for (char& ch : noise) ch = static_cast<char>(random() % 256);
    const std::string under = c.seal(noise + std::string(80u << 20, '\n'));
    const std::uint64_t limit = 64 * (under.size() - BatchTrailerBytes);
    REQUIRE(limit > (std::uint64_t{88} << 20));
    CHECK_THAT(refusal(under), Catch::Contains("line 1: the first line is not JSON"));
    // Longer by 64 times what its newlines add to the content, and more: over its limit.
    const std::string over = c.seal(noise + std::string(static_cast<std::size_t>(limit), '\n'));
    CHECK_THAT(refusal(over),
               Catch::Contains("larger than " + std::to_string(64 * (over.size() - BatchTrailerBytes)) + " bytes"));
}

TEST_CASE("digests, signatures and public keys are lower-case hex, or refused saying so", "[batch][corners]") {
    Crafted c;
    SECTION("the trailer") {
        const std::string sealed = c.seal(c.text);
        const std::string packed = sealed.substr(0, sealed.size() - BatchTrailerBytes);
        const std::string hex = Crafted::digestOf(packed);
        std::string upper = hex;
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        REQUIRE(upper != hex);
        const std::string signature = c.k.keys.signHex(batchSignedText(hex));
        const auto shouting = readBatch(packed + batchTrailer(upper, signature), "up.hlbatch");
        REQUIRE_FALSE(shouting);
        CHECK_THAT(shouting.error().reason, Catch::Contains("must be lower-case hex digits"));
        std::string upperSignature = signature;
        for (char& ch : upperSignature) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        const auto signedUp = readBatch(packed + batchTrailer(hex, upperSignature), "up.hlbatch");
        REQUIRE_FALSE(signedUp);
        CHECK_THAT(signedUp.error().reason, Catch::Contains("must be lower-case hex digits"));
    }
    SECTION("public_key") {
        std::string upper = c.k.keys.publicKeyHex();
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        CHECK_THAT(c.refusal(c.withValue("public_key", "\"" + upper + "\"")),
                   Catch::Contains("public_key must be 64 lower-case hex digits"));
    }
    SECTION("previous_digest") {
        const std::string batch2 = c.with("\"number\":1,\"previous_digest\":\"\"",
                                          "\"number\":2,\"previous_digest\":\"" + std::string(64, 'A') + "\"");
        CHECK_THAT(c.refusal(batch2), Catch::Contains("previous_digest must be the digest of batch 1: 64 lower-case"));
        CHECK(c.refusal(c.with("\"number\":1,\"previous_digest\":\"\"",
                               "\"number\":2,\"previous_digest\":\"" + std::string(64, 'a') + "\""))
                  .empty());
        CHECK_THAT(c.refusal(c.with("\"number\":1,\"previous_digest\":\"\"",
                                    "\"number\":1,\"previous_digest\":\"" + std::string(64, 'a') + "\"")),
                   Catch::Contains("previous_digest must be \"\" for batch 1"));
    }
}

TEST_CASE("a batch read for a given kiosk is refused if its head names another", "[batch][corners]") {
    Crafted c;
    BatchReadOptions options = c.k.ownKey();
    options.expectedKioskId = c.k.db.kioskId();
    CHECK(c.refusal(c.text, options).empty());
    options.expectedKioskId = "9b58d7bc-307e-4154-ae1b-64ff473a806e";
    CHECK(c.refusal(c.text, options) == "made by kiosk " + c.k.db.kioskId() +
                                            ", not by kiosk 9b58d7bc-307e-4154-ae1b-64ff473a806e (the one expected)");
}

TEST_CASE("the summary's questionnaires are sorted by id and version, each once", "[batch][corners]") {
    Crafted c;
    const std::size_t at = c.text.find("{\"id\":\"default\"");
    REQUIRE(at != std::string::npos);
    const std::string q = c.text.substr(at, c.text.rfind("]}}") - at);  // the only one, and the last
    CHECK_THAT(c.refusal(c.with(q, q + "," + q)),
               Catch::Contains("questionnaires must be sorted by id, then version, each once (default version " +
                               std::to_string(defaultQuestionnaire().version) + ")"));
    std::string before = q;
    before.replace(before.find("\"default\""), 9, "\"aaa\"");
    CHECK(c.refusal(c.with(q, before + "," + q)).empty());
    CHECK_THAT(c.refusal(c.with(q, q + "," + before)), Catch::Contains("questionnaires must be sorted"));
}

TEST_CASE("a text escaping half of a surrogate pair is refused, a whole pair is read", "[batch][corners]") {
    Crafted c(14);  // response 7 has a comment
    const std::string comment = "\"Chờ lâu,";
    CHECK(c.refusal(c.with(comment, "\"\\ud83d\\ude00 Chờ lâu,")).empty());
    CHECK_THAT(c.refusal(c.with(comment, "\"\\ud83d Chờ lâu,")), Catch::Contains("not JSON"));
    CHECK_THAT(c.refusal(c.with(comment, "\"\\ude00 Chờ lâu,")), Catch::Contains("not JSON"));
}

TEST_CASE("the time range of responses all dated before 1970 ends at 0", "[batch][corners]") {
    Kiosk k;
    BatchHeader head;
    head.kioskId = k.db.kioskId();
    head.publicKeyHex = k.keys.publicKeyHex();
    head.number = 1;
    head.seqFirst = head.seqLast = head.responseCount = 1;
    head.auditFirst = 1;
    head.auditLast = 0;
    head.exportBootId = "unknown";
    head.program = "test";
    Response r;
    r.seq = 1;
    r.uuid = "aefa6036-28bb-443b-acc4-38f31313358a";
    r.questionnaireId = "default";
    r.questionnaireVersion = 1;
    r.startedUtcMs = -5000;
    r.endedUtcMs = -2000;
    r.endReason = EndReason::Completed;
    r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {"satisfied"}, -5000});
    std::string bytes;
    BatchWriter writer(head, [&](std::string_view b) { bytes.append(b); });
    writer.add(r);
    writer.finish([](const std::string&, int) { return std::optional<std::string>("source"); }, k.keys);
    const auto batch = readBatch(bytes, "old.hlbatch");
    INFO((batch ? "" : batch.error().reason));
    REQUIRE(batch);
    CHECK(batch->header.timeFirstUtcMs == -5000);
    CHECK(batch->header.timeLastUtcMs == 0);  // the largest of 0 and the times, as written
}
