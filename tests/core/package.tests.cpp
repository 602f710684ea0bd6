// Packages from headquarters: written deterministically, read back whole, and refused when
// damaged, forged, signed by a key not pinned, crafted (bombs, duplicate keys) or out of range.
#include "batch/package.h"
#include "batch/batch_format.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>
#include <sodium.h>
#include <zstd.h>

#include <fstream>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {
const std::string KioskA = "00000000-0000-4000-8000-00000000000a";
const std::string KioskB = "00000000-0000-4000-8000-00000000000b";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Package fullPackage(const HqKeyring& ring) {
    Package p;
    p.hqSignHex = ring.current().signHex;
    p.serial = 17;
    p.madeUtcMs = 1'780'000'000'000;
    p.target.unitCode = "CA-NA";
    const std::string source = slurp(std::filesystem::path(HAILONG_TEST_DATA) / "questionnaires/good/minimal.toml");
    const auto parsed = parseQuestionnaire(source, "minimal.toml");
    REQUIRE(parsed);
    p.questionnaire = QuestionnaireDef{parsed->id, parsed->version, source};
    p.settings.unitCode = "CA-NA";
    p.settings.unitName = "Công an tỉnh Nghệ An";
    p.settings.unitLevel = "province";
    p.settings.counters[KioskA] = "Quầy số 1";
    p.settings.counters[KioskB] = "Quầy \"2\"";
    p.settings.procedures = std::vector<Procedure>{{"CCCD", {"Cấp căn cước", "Identity card"}},
                                                   {"HC.01", {"Hộ chiếu", "Passport"}}};
    OpeningHours h;
    h.openMinute = 7 * 60;
    h.closeMinute = 17 * 60 + 30;
    h.days = {{false, true, true, true, true, true, true}};
    p.settings.hours = h;
    p.message = Text{"Xin chào\ncác quầy", "Hello\ncounters"};
    p.receipts.push_back(BatchReceipt{KioskA, 3, 5, std::string(64, 'c'), 120, 44});
    p.receipts.push_back(BatchReceipt{KioskB, 0, 0, "", 0, 0});
    return p;
}

// A package file around any text, properly compressed and signed by signHex: what a
// crafted file looks like when only its content is wrong.
std::string craft(const std::string& text, const HqKeyring& ring, const std::string& signHex) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 1));
    unsigned char digest[32];
    crypto_generichash(digest, 32, reinterpret_cast<const unsigned char*>(out.data()), out.size(), nullptr, 0);
    const std::string hex = toHex(digest, 32);
    return out + batchTrailer(hex, ring.signWith(signHex, packageSignedText(hex)));
}

// The package's JSON line, for crafting variants of it.
std::string lineOf(const Package& p, const HqKeyring& ring) {
    const std::string bytes = writePackage(p, ring);
    const std::string_view content(bytes.data(), bytes.size() - BatchTrailerBytes);
    std::string text(ZSTD_getFrameContentSize(content.data(), content.size()), '\0');
    text.resize(ZSTD_decompress(text.data(), text.size(), content.data(), content.size()));
    return text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string refusal(const std::string& bytes, const PackageReadOptions& options = {}) {
    const auto r = readPackage(bytes, "p.hlpack", options);
    REQUIRE_FALSE(r);
    CHECK(r.error().file == "p.hlpack");
    CHECK_FALSE(r.error().reason.vi.empty());
    CHECK(r.error().reason.vi != r.error().reason.en);  // said in Vietnamese too
    return r.error().reason.en;
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a package reads back as written, byte-identical when written again", "[package]") {
    TempDir dir;
    const HqKeyring ring = HqKeyring::create(dir / "keys", "HQ");
    const Package p = fullPackage(ring);
    const std::string bytes = writePackage(p, ring);
    CHECK(writePackage(p, ring) == bytes);
    CHECK(packageFileName(p) == "hailong-pkg-CA-NA-000017.hlpack");

    PackageReadOptions pinned;
    pinned.pinnedSignHex = ring.current().signHex;
    const auto back = readPackage(bytes, "p.hlpack", pinned);
    REQUIRE(back);
    CHECK(back->hqSignHex == p.hqSignHex);
    CHECK(back->serial == 17);
    CHECK(back->madeUtcMs == p.madeUtcMs);
    CHECK(back->target.unitCode == "CA-NA");
    CHECK(back->target.kioskId.empty());
    CHECK(back->questionnaire == p.questionnaire);
    CHECK(back->settings.unitCode == p.settings.unitCode);
    CHECK(back->settings.unitName == p.settings.unitName);
    CHECK(back->settings.unitLevel == p.settings.unitLevel);
    CHECK(back->settings.counters == p.settings.counters);
    CHECK(back->settings.procedures == p.settings.procedures);
    CHECK(back->settings.hours == p.settings.hours);
    REQUIRE(back->message);
    CHECK(back->message->vi == p.message->vi);
    CHECK(back->message->en == p.message->en);
    REQUIRE(back->receipts.size() == 2);
    CHECK(back->receipts[0].kioskId == KioskA);
    CHECK(back->receipts[0].upTo == 3);
    CHECK(back->receipts[0].lastNumber == 5);
    CHECK(back->receipts[0].lastDigestHex == std::string(64, 'c'));
    CHECK(back->receipts[0].lastSeqLast == 120);
    CHECK(back->receipts[0].lastAuditLast == 44);
    CHECK(back->receipts[1].lastNumber == 0);
    CHECK_FALSE(back->newHqKey);
    CHECK(back->digestHex.size() == 64);
    CHECK(verifySignature(ring.current().signHex, packageSignedText(back->digestHex), back->signatureHex));
    // The re-read package writes the same bytes.
    CHECK(writePackage(*back, ring) == bytes);

    SECTION("a minimal package for one kiosk") {
        Package m;
        m.hqSignHex = ring.current().signHex;
        m.serial = 1;
        m.target.kioskId = KioskA;
        const std::string small = writePackage(m, ring);
        CHECK(packageFileName(m) == "hailong-pkg-00000000-000001.hlpack");
        const auto r = readPackage(small, "m");
        REQUIRE(r);
        CHECK(r->target.kioskId == KioskA);
        CHECK(r->settings.empty());
        CHECK_FALSE(r->questionnaire);
        CHECK_FALSE(r->message);
        CHECK(r->receipts.empty());
    }
}

TEST_CASE("a package announcing a new key is signed by the former one", "[package]") {
    TempDir dir;
    const HqPublicKey first = HqKeyring::create(dir / "keys", "first").current();
    const HqKeyring ring = HqKeyring::rotate(dir / "keys", "second");
    Package p;
    p.hqSignHex = ring.previous()->signHex;
    p.serial = 2;
    p.target.unitCode = "X";
    p.newHqKey = ring.current();
    PackageReadOptions pinned;
    pinned.pinnedSignHex = first.signHex;
    const auto back = readPackage(writePackage(p, ring), "p", pinned);
    REQUIRE(back);
    REQUIRE(back->newHqKey);
    CHECK(*back->newHqKey == ring.current());
    CHECK(back->newHqKey->name == "second");
    // Announcing the key that signs is refused (by the writer, which reads back).
    p.newHqKey = *ring.previous();
    CHECK_THROWS_AS(writePackage(p, ring), std::invalid_argument);
}

TEST_CASE("damaged, forged and foreign packages are refused", "[package]") {
    TempDir dir;
    const HqKeyring ring = HqKeyring::create(dir / "keys", "HQ");
    const HqKeyring other = HqKeyring::create(dir / "other", "not HQ");
    const Package p = fullPackage(ring);
    const std::string bytes = writePackage(p, ring);

    SECTION("truncated") {
        CHECK(has(refusal(bytes.substr(0, bytes.size() - 1)), "truncated or damaged"));
        CHECK(has(refusal(bytes.substr(0, 100)), "truncated or not a package"));
        CHECK(has(refusal(""), "empty"));
        // Content cut, its trailer kept (and a digest made to match): the stream ends early.
        const std::string content = bytes.substr(0, bytes.size() - BatchTrailerBytes);
        const std::string cut = content.substr(0, content.size() / 2);
        unsigned char d[32];
        crypto_generichash(d, 32, reinterpret_cast<const unsigned char*>(cut.data()), cut.size(), nullptr, 0);
        const std::string hex = toHex(d, 32);
        CHECK(has(refusal(cut + batchTrailer(hex, ring.signWith(ring.current().signHex, packageSignedText(hex)))),
                  "truncated"));
    }
    SECTION("a byte flipped anywhere") {
        for (std::size_t at :
             {std::size_t{0}, bytes.size() / 3, bytes.size() - BatchTrailerBytes - 1, bytes.size() - 20}) {
            std::string flipped = bytes;
            flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
            CAPTURE(at);
            refusal(flipped);
        }
    }
    SECTION("a forged signature") {
        std::string forged = bytes;
        const std::size_t sigAt = bytes.size() - 3 - 128;
        forged[sigAt] = forged[sigAt] == '0' ? '1' : '0';
        CHECK(has(refusal(forged), "signature does not match"));
        // Signed by another key while naming headquarters' key.
        const auto good = readPackage(bytes, "x");
        REQUIRE(good);
        const std::string content = bytes.substr(0, bytes.size() - BatchTrailerBytes);
        const std::string resigned = content +
                                     batchTrailer(good->digestHex, other.signWith(other.current().signHex,
                                                                                  packageSignedText(good->digestHex)));
        CHECK(has(refusal(resigned), "signature does not match"));
    }
    SECTION("signed by another key than the pinned one") {
        Package q = p;
        q.hqSignHex = other.current().signHex;
        const std::string foreign = writePackage(q, other);
        CHECK(readPackage(foreign, "f"));  // well made, only not from this kiosk's headquarters
        PackageReadOptions pinned;
        pinned.pinnedSignHex = ring.current().signHex;
        CHECK(has(refusal(foreign, pinned), "signed by another key"));
    }
    SECTION("a batch file given as a package") {
        const std::string batchLine = "{\"format\":\"hailong-batch/1\",\"kiosk_id\":\"" + KioskA + "\"}\n";
        CHECK(has(refusal(craft(batchLine, ring, ring.current().signHex)), "is a batch file"));
    }
    SECTION("a zip bomb") {
        const std::string huge = "{\"format\":\"hailong-package/1\",\"pad\":\"" + std::string(3 << 20, 'x') + "\"}\n";
        const std::string bomb = craft(huge, ring, ring.current().signHex);
        CHECK(bomb.size() < 4096);
        PackageReadOptions small;
        small.maxTextBytes = 1 << 20;
        CHECK(has(refusal(bomb, small), "larger than"));
        PackageReadOptions tiny;
        tiny.maxBytes = 100;
        CHECK(has(refusal(bytes, tiny), "refused unread"));
    }
    SECTION("an unknown format version, or not a package") {
        const std::string line = lineOf(p, ring);
        CHECK(
            has(refusal(craft(replaced(line, "hailong-package/1", "hailong-package/2"), ring, ring.current().signHex)),
                "newer program"));
        CHECK(has(refusal(craft(replaced(line, "hailong-package/1", "something/1"), ring, ring.current().signHex)),
                  "not a Hài Lòng package"));
        CHECK(has(refusal(craft("[1,2]\n", ring, ring.current().signHex)), "not a JSON object"));
        CHECK(has(refusal(craft(line + line, ring, ring.current().signHex)), "exactly one line"));
    }
    SECTION("a key twice") {
        const std::string line = lineOf(p, ring);
        CHECK(has(refusal(craft(replaced(line, "\"serial\":17", "\"serial\":17,\"serial\":18"), ring,
                                ring.current().signHex)),
                  "appears twice"));
        CHECK(
            has(refusal(craft(replaced(line, "\"unit_code\":\"CA-NA\"", "\"unit_code\":\"CA-NA\",\"unit_code\":\"X\""),
                              ring, ring.current().signHex)),
                "(in \"settings\")"));
    }
}

TEST_CASE("a package with a field out of range is refused, saying which", "[package]") {
    TempDir dir;
    const HqKeyring ring = HqKeyring::create(dir / "keys", "HQ");
    const std::string line = lineOf(fullPackage(ring), ring);
    const auto refusedFor = [&](const std::string& from, const std::string& to) {
        return refusal(craft(replaced(line, from, to), ring, ring.current().signHex));
    };
    CHECK(has(refusedFor("\"serial\":17", "\"serial\":0"), "\"serial\" is out of range"));
    CHECK(has(refusedFor("\"serial\":17", "\"serial\":9007199254740992"), "\"serial\" is out of range"));
    CHECK(has(refusedFor("\"serial\":17", "\"serial\":\"17\""), "\"serial\" must be a whole number"));
    CHECK(has(refusedFor("\"made_utc_ms\":", "\"made_utc_ms\":-"), "\"made_utc_ms\" is out of range"));
    CHECK(has(refusedFor("{\"unit\":\"CA-NA\"}", "{\"unit\":\"CA NA\"}"), "not a unit code"));
    CHECK(has(refusedFor("{\"unit\":\"CA-NA\"}", "{\"unit\":\"CA-NA\",\"kiosk\":\"" + KioskA + "\"}"),
              "either a unit or a kiosk"));
    CHECK(has(refusedFor("{\"unit\":\"CA-NA\"}", "{\"kiosk\":\"K1\"}"), "must be a kiosk id"));
    CHECK(has(refusedFor("\"unit_level\":\"province\"", "\"unit_level\":\"district\""), "settings:"));
    CHECK(has(refusedFor("\"open\":\"07:00\"", "\"open\":\"25:00\""), "settings:"));
    CHECK(has(refusedFor("\"open\":\"07:00\"", "\"open\":\"7h\""), "must be a time HH:MM"));
    CHECK(has(refusedFor("\"days\":\"0111111\"", "\"days\":\"0000000\""), "settings:"));
    CHECK(has(refusedFor("\"days\":\"0111111\"", "\"days\":\"011111\""), "7 characters"));
    CHECK(has(refusedFor("[\"CCCD\",", "[\"C C\","), "settings:"));
    CHECK(has(refusedFor("\"HC.01\"", "\"CCCD\""), "settings:"));  // codes unique
    CHECK(has(refusedFor("\"Quầy số 1\"", "\"" + std::string(61, 'x') + "\""), "counter of kiosk"));
    CHECK(has(refusedFor("\"" + KioskA + "\":\"Quầy", "\"K1\":\"Quầy"), "a key of \"counters\""));
    CHECK(has(refusedFor("\"en\":\"Hello\\ncounters\"", "\"en\":\"\""), "both languages"));
    CHECK(has(refusedFor("\"up_to\":3", "\"up_to\":6"), "above the last batch"));
    CHECK(has(refusedFor("\"up_to\":3", "\"up_to\":-1"), "\"up_to\" is out of range"));
    CHECK(has(refusedFor("\"digest\":\"cccc", "\"digest\":\"Cccc"), "\"digest\" must be 64"));
    CHECK(has(refusedFor("\"receipts\":[", "\"extra\":1,\"receipts\":["), "unknown key \"extra\""));
    CHECK(has(refusedFor("\"kiosk_id\":\"" + KioskB, "\"kiosk_id\":\"" + KioskA), "two receipts"));
    CHECK(has(refusedFor("\"version\":", "\"version\":1000"), "the questionnaire"));
    CHECK(has(refusedFor("\"hq_key\":\"", "\"hq_key\":\"0"), "\"hq_key\" must be 64"));
}
