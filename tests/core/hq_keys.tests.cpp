// Headquarters' keys: the public key file a kiosk pins and its fingerprint, the secret
// folder (made private, refused twice), and rotation keeping the former pair.
#include "batch/hq_keys.h"
#include "batch/kiosk_keys.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>
#include <sodium.h>

#include <sys/stat.h>

#include <fstream>
#include <regex>

using namespace hailong::core;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {
unsigned mode(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
// The fingerprint computed here from its definition (hq_keys.h), not with the code tested.
std::string expectedFingerprint(const HqPublicKey& k) {
    const std::string message = std::string("hailong-hq-key/1") + *fromHex(k.signHex, 32) + *fromHex(k.boxHex, 32);
    unsigned char d[32];
    crypto_generichash(d, 32, reinterpret_cast<const unsigned char*>(message.data()), message.size(), nullptr, 0);
    std::string out;
    for (int i = 0; i < 8; ++i) {
        const std::string group = std::to_string(d[2 * i] * 256 + d[2 * i + 1]);
        out += (i ? " " : "") + std::string(5 - group.size(), '0') + group;
    }
    return out;
}
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("a headquarters key file reads back as written, with its fingerprint", "[hq_keys]") {
    TempDir dir;
    const HqKeyring ring = HqKeyring::create(dir / "keys", "Văn phòng \"Bộ\" Công an");
    const HqPublicKey& key = ring.current();
    CHECK(key.signHex.size() == 64);
    CHECK(key.boxHex.size() == 64);
    CHECK(std::regex_match(key.fingerprint(), std::regex("([0-9]{5} ){7}[0-9]{5}")));
    CHECK(key.fingerprint() == expectedFingerprint(key));

    const std::string text = formatHqKeyFile(key);
    CHECK(text.back() == '\n');
    CHECK(text.find("\"format\": \"hailong-hq-key/1\"") != std::string::npos);
    CHECK(text.find("Văn phòng \\\"Bộ\\\" Công an") != std::string::npos);
    const auto back = parseHqKeyFile(text);
    REQUIRE(back);
    CHECK(*back == key);
    CHECK(back->name == key.name);
    CHECK(formatHqKeyFile(*back) == text);

    SECTION("refused: bad hex") {
        const auto r = parseHqKeyFile(replaced(text, key.signHex, std::string(63, 'a') + "G"));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("\"sign_key\" must be 64 lower-case hex digits") != std::string::npos);
        CHECK(r.error().find(" / ") != std::string::npos);  // and in Vietnamese
        CHECK_FALSE(parseHqKeyFile(replaced(text, key.boxHex, key.boxHex.substr(2))));
    }
    SECTION("refused: the written fingerprint is not that of the keys") {
        std::string other = key.fingerprint();
        other[0] = other[0] == '0' ? '1' : '0';
        const auto r = parseHqKeyFile(replaced(text, key.fingerprint(), other));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("fingerprint") != std::string::npos);
        // A key changed under an unchanged fingerprint, too.
        std::string box = key.boxHex;
        box[0] = box[0] == 'a' ? 'b' : 'a';
        CHECK_FALSE(parseHqKeyFile(replaced(text, key.boxHex, box)));
    }
    SECTION("refused: a key twice") {
        const auto r = parseHqKeyFile(
            replaced(text, "\"name\":", "\"sign_key\": \"" + std::string(64, '0') + "\",\n  \"name\":"));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("appears twice") != std::string::npos);
    }
    SECTION("refused: unknown or newer format, unknown keys, not JSON") {
        auto r = parseHqKeyFile(replaced(text, "hailong-hq-key/1", "hailong-hq-key/2"));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("newer program") != std::string::npos);
        r = parseHqKeyFile(replaced(text, "hailong-hq-key/1", "hailong-kiosk-key/1"));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("not a headquarters key file") != std::string::npos);
        r = parseHqKeyFile(replaced(text, "\"name\":", "\"extra\": 1,\n  \"name\":"));
        REQUIRE_FALSE(r);
        CHECK(r.error().find("unknown key \"extra\"") != std::string::npos);
        CHECK_FALSE(parseHqKeyFile(text.substr(0, text.size() / 2)));
        CHECK_FALSE(parseHqKeyFile(""));
    }
}

TEST_CASE("headquarters' secret keys are private, made once, and sign", "[hq_keys]") {
    TempDir dir;
    const fs::path keys = dir / "keys";
    const HqKeyring ring = HqKeyring::create(keys, "HQ");
    CHECK(mode(keys) == 0700);
    CHECK(mode(keys / "hq.secret") == 0600);
    const std::string secret = slurp(keys / "hq.secret");
    CHECK(secret.rfind("hailong-hq-secret-key/1\n", 0) == 0);
    CHECK(std::regex_match(secret, std::regex("hailong-hq-secret-key/1\n[0-9a-f]{128}\n[0-9a-f]{64}\nHQ\n")));
    CHECK(ring.previous() == nullptr);
    CHECK(ring.all().size() == 1);

    const std::string sig = ring.signWith(ring.current().signHex, "hello");
    CHECK(verifySignature(ring.current().signHex, "hello", sig));
    CHECK_THROWS_AS(ring.signWith(std::string(64, '0'), "hello"), std::invalid_argument);
    const auto box = ring.boxSecret(ring.current().boxHex);
    REQUIRE(box);
    unsigned char pk[32];
    crypto_scalarmult_base(pk, reinterpret_cast<const unsigned char*>(box->data()));
    CHECK(toHex(pk, 32) == ring.current().boxHex);
    CHECK_FALSE(ring.boxSecret(std::string(64, '0')));

    const HqKeyring loaded = HqKeyring::load(keys);
    CHECK(loaded.current() == ring.current());
    CHECK(loaded.current().name == "HQ");

    // A second init is refused and changes nothing.
    try {
        HqKeyring::create(keys, "again");
        FAIL("a second key was made");
    } catch (const KeyError& e) {
        CHECK(std::string(e.what()).find("already holds a headquarters key") != std::string::npos);
    }
    CHECK(slurp(keys / "hq.secret") == secret);

    SECTION("loose permissions are tightened on load") {
        fs::permissions(keys / "hq.secret", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
        fs::permissions(keys, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
        HqKeyring::load(keys);
        CHECK(mode(keys / "hq.secret") == 0600);
        CHECK(mode(keys) == 0700);
    }
    SECTION("a damaged or missing secret file is refused, naming it") {
        std::ofstream(keys / "hq.secret", std::ios::trunc) << "hailong-hq-secret-key/1\nzz\n";
        try {
            HqKeyring::load(keys);
            FAIL("loaded");
        } catch (const KeyError& e) {
            CHECK(std::string(e.what()).find((keys / "hq.secret").string()) != std::string::npos);
        }
        fs::remove(keys / "hq.secret");
        CHECK_THROWS_AS(HqKeyring::load(keys), KeyError);
    }
    SECTION("a name on more than one line is refused") {
        CHECK_THROWS_AS(HqKeyring::create(dir / "other", "two\nlines"), KeyError);
        CHECK_FALSE(fs::exists(dir / "other" / "hq.secret"));
    }
}

TEST_CASE("rotation retires the former pair, which still signs and opens", "[hq_keys]") {
    TempDir dir;
    const fs::path keys = dir / "keys";
    const HqPublicKey first = HqKeyring::create(keys, "first").current();
    const HqKeyring rotated = HqKeyring::rotate(keys, "second");
    CHECK(rotated.current() != first);
    CHECK(rotated.current().name == "second");
    REQUIRE(rotated.previous());
    CHECK(*rotated.previous() == first);
    std::string fingerprint = first.fingerprint();
    std::replace(fingerprint.begin(), fingerprint.end(), ' ', '-');
    CHECK(mode(keys / "retired") == 0700);
    CHECK(mode(keys / "retired" / (fingerprint + ".secret")) == 0600);
    CHECK(verifySignature(first.signHex, "m", rotated.signWith(first.signHex, "m")));
    CHECK(rotated.boxSecret(first.boxHex));

    const HqPublicKey second = rotated.current();
    const HqKeyring third = HqKeyring::rotate(keys, "third");
    const HqKeyring loaded = HqKeyring::load(keys);
    CHECK(loaded.current() == third.current());
    REQUIRE(loaded.previous());
    CHECK(*loaded.previous() == second);  // the newest retired pair
    const auto all = loaded.all();
    REQUIRE(all.size() == 3);
    CHECK(all[0] == third.current());
    CHECK(all[1] == second);
    CHECK(all[2] == first);
}
