// Personal fields sealed for headquarters (issue 19): the sealer and opener against vectors
// computed with PyNaCl, and hailong-batch/2 end to end (export, read with and without the key,
// a damaged field, re-export, the files for people, version 1 unchanged for unpinned kiosks).
#include "batch/seal.h"
#include "batch/batch_format.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "support/export_kiosk.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>
#include <sodium.h>
#include <zstd.h>

#include <fstream>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The JSON lines of a batch file (its Zstandard content, the trailer left out).
std::string textOf(const std::string& file) {
    const std::string content = file.substr(0, file.size() - BatchTrailerBytes);
    std::string out;
    std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> d(ZSTD_createDCtx(), ZSTD_freeDCtx);
    ZSTD_inBuffer in{content.data(), content.size(), 0};
    std::string chunk(1 << 16, '\0');
    while (in.pos < in.size) {
        ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
        const std::size_t r = ZSTD_decompressStream(d.get(), &o, &in);
        REQUIRE_FALSE(ZSTD_isError(r));
        out.append(chunk.data(), o.pos);
    }
    return out;
}

/// Packs and signs JSON lines as a kiosk would (version 2's signed text).
std::string packSigned(const std::string& plain, const KioskKeys& keys, int version) {
    std::string packed(ZSTD_compressBound(plain.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), plain.data(), plain.size(), 1));
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                       nullptr, 0);
    const std::string hex = toHex(digest, sizeof digest);
    return packed + batchTrailer(hex, keys.signHex(batchSignedText(hex, version)));
}

/// Headquarters' X25519 pair for the tests (libsodium directly).
struct HqBox {
    std::string secret = std::string(32, '\0');
    std::string publicHex;
    HqBox() {
        REQUIRE(sodium_init() >= 0);
        unsigned char pk[32];
        crypto_box_keypair(pk, reinterpret_cast<unsigned char*>(secret.data()));
        publicHex = toHex(pk, 32);
    }
    BatchReadOptions opening() const {
        BatchReadOptions o;
        o.boxSecretFor = [this](const std::string& box) -> std::optional<std::string> {
            if (box == publicHex) return secret;
            return std::nullopt;
        };
        return o;
    }
};

const std::string Comment = "Chờ lâu, \"rất\" lâu,\nnhưng cán bộ tận tình\r\nCảm ơn; tab\there";

}  // namespace

TEST_CASE("sealing matches the vectors computed with PyNaCl from the document", "[seal]") {
    // Seed 01..20, headquarters' secret 42 × 32, kiosk id and batch 7 as in the document's example.
    TempDir dir;
    fs::create_directories(dir / "keys");
    {
        std::ofstream f(dir / "keys" / "kiosk.secret");
        f << "hailong-kiosk-secret-key/1\n"
             "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
             "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664\n";
    }
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db(dir / "k.db", clock, ids);
    AuditLog audit(db, clock);
    const KioskKeys keys = KioskKeys::loadOrCreate(dir.path(), db, audit);
    REQUIRE(keys.publicKeyHex() == "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664");
    const std::string sealedTo = "132c442be010fbd57e72603328aa76e71fccc1503aae219327d14d9c9993f472";
    const BatchSealer sealer(keys, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 7, sealedTo);
    CHECK(sealer.sealKeyHex() == "bdabdbcf82542c6b96d21bfc43c84ea8b6f567b9cfa98bfcd5fba2f9ab40603e");
    const std::string uuid = "0b6f7e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
    const std::string comment = sealer.seal(uuid, SealedField::Comment, "Chờ lâu, cán bộ tận tình");
    CHECK(comment == "sealed:6xzDsqYZcUx5cYG3GZ8CrDcxwEen8escAPOXXhzTOXsVe4oyZSgK1K7ynsODh7lQ2w==");
    const std::string dossier = sealer.seal(uuid, SealedField::DossierCode, "HS-104");
    CHECK(dossier == "sealed:HxxFU8lXjgs/e679wKlsgAa2J3gUvg==");
    CHECK(sealer.seal(uuid, SealedField::Comment, "").empty());

    const BatchOpener opener(std::string(32, '\x42'), sealer.sealKeyHex(), sealedTo);
    CHECK(opener.open(uuid, SealedField::Comment, comment) == std::optional<std::string>("Chờ lâu, cán bộ tận tình"));
    CHECK(opener.open(uuid, SealedField::DossierCode, dossier) == std::optional<std::string>("HS-104"));
    // The field byte and the UUID are part of the nonce: a field moved elsewhere does not open.
    CHECK_FALSE(opener.open(uuid, SealedField::DossierCode, comment));
    CHECK_FALSE(opener.open("0b6f7e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5c", SealedField::Comment, comment));
    const BatchOpener wrong(std::string(32, '\x43'), sealer.sealKeyHex(), sealedTo);
    CHECK_FALSE(wrong.open(uuid, SealedField::Comment, comment));
}

TEST_CASE("a sealed field is \"sealed:\" and canonical base64 of at least the tag", "[seal]") {
    CHECK(isWellFormedSealed(""));
    CHECK_FALSE(isWellFormedSealed("HS-104"));
    CHECK_FALSE(isWellFormedSealed("sealed:Zm9vYg=="));  // shorter than the tag
    CHECK(isWellFormedSealed("sealed:" + base64Encode(std::string(17, 'x'))));
}

TEST_CASE("a kiosk without a pinned key still writes version 1", "[seal][batch]") {
    Kiosk k;
    k.rateMany(8);
    const std::string bytes = readAll(k.exportOk(k.out).batchFile);
    const std::string text = textOf(bytes);
    CHECK(text.rfind("{\"format\":\"hailong-batch/1\"", 0) == 0);
    CHECK(text.find("sealed") == std::string::npos);
    CHECK(text.find("HS-100") != std::string::npos);
    const auto batch = readBatch(bytes, "b.hlbatch");
    REQUIRE(batch);
    CHECK(batch->header.formatVersion == 1);
    CHECK_FALSE(batch->header.sealed());
    CHECK(batch->sealed.empty());
}

TEST_CASE("a pinned kiosk seals comments and dossier codes, readable with the key only", "[seal][batch]") {
    Kiosk k;
    HqBox hq;
    k.rateMany(20);  // cached in clear before the key was pinned: sealed at export all the same
    k.db.setMeta(PinnedBoxKeyMeta, hq.publicHex);
    k.rateMany(20);
    const ExportResult res = k.exportOk(k.out);
    CHECK(res.sealedToHex == hq.publicHex);
    const std::string bytes = readAll(res.batchFile);
    const std::string text = textOf(bytes);
    CHECK(text.rfind("{\"format\":\"hailong-batch/2\"", 0) == 0);
    CHECK(text.find(",\"sealed_to\":\"" + hq.publicHex + "\",\"seal_key\":\"") != std::string::npos);
    CHECK(text.find("tận tình") == std::string::npos);
    CHECK(text.find("HS-1") == std::string::npos);
    CHECK(text.find("\"sealed:") != std::string::npos);
    // The files for people leave them out, and say so in both languages.
    for (const fs::path& f : {res.csvFile, res.xlsxFile}) {
        INFO(f.string());
        REQUIRE(fs::exists(f));
    }
    const std::string csv = readAll(res.csvFile);
    CHECK(csv.find("tận tình") == std::string::npos);
    CHECK(csv.find("HS-1") == std::string::npos);
    CHECK(csv.find("Ý kiến và mã hồ sơ được niêm phong") != std::string::npos);
    CHECK(csv.find("Comments and dossier codes are sealed") != std::string::npos);
    CHECK(csv.find("Mã hồ sơ,") == std::string::npos);
    {
        TempDir unzip;
        const std::string cmd = "cd '" + unzip.path().string() + "' && unzip -q '" + res.xlsxFile.string() + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
        std::string all;
        for (const auto& e : fs::recursive_directory_iterator(unzip.path()))
            if (e.is_regular_file()) all += readAll(e.path());
        CHECK(all.find("tận tình") == std::string::npos);
        CHECK(all.find("HS-1") == std::string::npos);
        CHECK(all.find("Comments and dossier codes are sealed") != std::string::npos);
    }

    // Without the key: everything checked, the fields marked sealed, counts unchanged.
    const auto closed = readBatch(bytes, "b.hlbatch", k.ownKey());
    INFO((closed ? "" : closed.error().toString()));
    REQUIRE(closed);
    CHECK(closed->header.formatVersion == 2);
    CHECK(closed->header.sealedToHex == hq.publicHex);
    std::int64_t comments = 0, dossiers = 0;
    for (const Response& r : closed->responses) {
        CHECK(r.comment.empty());
        CHECK(r.dossierCode.empty());
        const Response stored = *k.store.find(r.uuid);
        const SealedFields* s = closed->sealedOf(r.seq);
        CHECK((s && !s->comment.empty()) == !stored.comment.empty());
        CHECK((s && !s->dossierCode.empty()) == !stored.dossierCode.empty());
        comments += !stored.comment.empty();
        dossiers += !stored.dossierCode.empty();
    }
    CHECK(comments > 0);
    CHECK(dossiers > 0);
    CHECK(closed->sealedFieldCount() == comments + dossiers);

    // With the key: the text as typed.
    const auto open = readBatch(bytes, "b.hlbatch", hq.opening());
    REQUIRE(open);
    CHECK(open->sealed.empty());
    for (const Response& r : open->responses) {
        const Response stored = *k.store.find(r.uuid);
        CHECK(r.comment == stored.comment);
        CHECK(r.dossierCode == stored.dossierCode);
    }
    // Another headquarters' key: read as without one.
    HqBox other;
    const auto elsewhere = readBatch(bytes, "b.hlbatch", other.opening());
    REQUIRE(elsewhere);
    CHECK(elsewhere->sealedFieldCount() == comments + dossiers);

    // Written again: the same bytes, sealed to the key of the first time even after a new pin.
    k.db.setMeta(PinnedBoxKeyMeta, other.publicHex);
    TempDir copy;
    const auto again = k.exporter.exportAgain(1, copy.path());
    REQUIRE(again);
    CHECK(readAll(again->batchFile) == bytes);
}

TEST_CASE("a damaged sealed field refuses the batch with the key, not without", "[seal][batch][tamper]") {
    Kiosk k;
    HqBox hq;
    k.db.setMeta(PinnedBoxKeyMeta, hq.publicHex);
    k.rateMany(8);  // seq 1 (i = 0) has a comment and a dossier code
    const std::string text = textOf(readAll(k.exportOk(k.out).batchFile));
    const auto at = text.find("\"sealed:");
    REQUIRE(at != std::string::npos);
    std::string damaged = text;
    damaged[at + 9] = damaged[at + 9] == 'A' ? 'B' : 'A';
    const std::string file = packSigned(damaged, k.keys, 2);
    const auto withKey = readBatch(file, "d.hlbatch", hq.opening());
    REQUIRE_FALSE(withKey);
    CHECK_THAT(withKey.error().toString(),
               Catch::Contains("d.hlbatch") &&
                   Catch::Contains("sealed field of response seq 1 does not open with headquarters' key"));
    CHECK(readBatch(file, "d.hlbatch"));  // the digest and signature hold: only the key can tell

    SECTION("a personal field in clear in version 2 is refused") {
        std::string clear = text;
        clear.replace(at, text.find('"', at + 1) - at + 1, "\"HS-100\"");
        const auto r = readBatch(packSigned(clear, k.keys, 2), "c.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("must be \"\" or \"sealed:\""));
    }
    SECTION("version 2 signed as version 1 is refused") {
        const auto r = readBatch(packSigned(text, k.keys, 1), "v.hlbatch");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().reason, Catch::Contains("signature does not match"));
    }
}

TEST_CASE("lines sealed when their response ends are copied into their batch, and sealed again for any other",
          "[seal][batch][export]") {
    Kiosk k;
    HqBox hq;
    k.db.setMeta(PinnedBoxKeyMeta, hq.publicHex);
    k.rateMany(12);
    const auto count = [&](const std::string& where) {
        return k.db.db().execAndGet("SELECT count(*) FROM export_lines WHERE " + where).getInt64();
    };
    // Sealed for batch 1 as they ended; those without a comment or a dossier code are the same either way.
    CHECK(count("sealed_batch = 1 AND sealed_key IS NOT NULL") > 0);
    CHECK(count("sealed_batch = 0 AND sealed_key IS NULL") > 0);
    CHECK(count("sealed_batch IS NULL") == 0);
    CHECK(count("tail LIKE '%tận tình%' OR tail LIKE '%HS-1%'") == 0);
    const ExportResult first = k.exportOk(k.out);
    const std::string bytes = readAll(first.batchFile);

    // The cache emptied: every line encoded from its row and sealed by the writer, the same bytes.
    k.db.db().exec("DELETE FROM export_lines");
    TempDir copy;
    const auto again = k.exporter.exportAgain(1, copy.path());
    REQUIRE(again);
    CHECK(readAll(again->batchFile) == bytes);

    // Lines sealed for batch 2 to the first key; then a new key is pinned, and one line claims
    // another batch: batch 2 opens with the new key only, every field as typed.
    k.rateMany(12);
    CHECK(count("sealed_batch = 2") > 0);
    HqBox second;
    k.db.setMeta(PinnedBoxKeyMeta, second.publicHex);
    k.db.db().exec("UPDATE export_lines SET sealed_batch = 7 WHERE seq = (SELECT max(seq) FROM export_lines "
                   "WHERE sealed_batch = 2)");
    const ExportResult two = k.exportOk(k.out);
    const std::string twoBytes = readAll(two.batchFile);
    const auto open = readBatch(twoBytes, "b.hlbatch", second.opening());
    REQUIRE(open);
    CHECK(open->sealed.empty());
    std::int64_t typed = 0;
    for (const Response& r : open->responses) {
        const Response stored = *k.store.find(r.uuid);
        CHECK(r.comment == stored.comment);
        CHECK(r.dossierCode == stored.dossierCode);
        typed += !stored.comment.empty() + !stored.dossierCode.empty();
    }
    CHECK(typed > 0);
    const auto withFirst = readBatch(twoBytes, "b.hlbatch", hq.opening());
    REQUIRE(withFirst);
    CHECK(withFirst->sealedFieldCount() == typed);
}
