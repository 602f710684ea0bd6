// The kiosk's Ed25519 key pair: made once, kept private, replaced (and audited) if lost.
#include "batch/kiosk_keys.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace hailong::core;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {
struct Setup {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "hailong.db", clock, ids};
    AuditLog audit{db, clock};
};
unsigned mode(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}
}  // namespace

TEST_CASE("the key pair is made at first start, private, and the same afterwards", "[keys]") {
    Setup s;
    const KioskKeys first = KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit);
    CHECK(first.publicKeyHex().size() == 64);
    CHECK(mode(s.dir / "keys") == 0700);
    CHECK(mode(s.dir / "keys" / "kiosk.secret") == 0600);
    CHECK(s.db.meta("public_key") == first.publicKeyHex());
    const KioskKeys again = KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit);
    CHECK(again.publicKeyHex() == first.publicKeyHex());
    CHECK(s.audit.since(0).empty());

    const std::string sig = first.signHex("hello");
    CHECK(verifySignature(first.publicKeyHex(), "hello", sig));
    CHECK_FALSE(verifySignature(first.publicKeyHex(), "hellO", sig));
    std::string forged = sig;
    forged[10] = forged[10] == '0' ? '1' : '0';
    CHECK_FALSE(verifySignature(first.publicKeyHex(), "hello", forged));
    CHECK_FALSE(verifySignature("zz", "hello", sig));

    SECTION("loose permissions are tightened") {
        fs::permissions(s.dir / "keys" / "kiosk.secret",
                        fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
        KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit);
        CHECK(mode(s.dir / "keys" / "kiosk.secret") == 0600);
    }
    SECTION("a lost key file is replaced and the replacement audited") {
        fs::remove(s.dir / "keys" / "kiosk.secret");
        const KioskKeys replaced = KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit);
        CHECK(replaced.publicKeyHex() != first.publicKeyHex());
        REQUIRE(s.audit.latest());
        CHECK(s.audit.latest()->event == audit::KioskKeyReplaced);
        CHECK_THAT(s.audit.latest()->detail,
                   Catch::Contains(first.publicKeyHex()) && Catch::Contains(replaced.publicKeyHex()));
    }
    SECTION("a key file that cannot be read is never replaced") {
        fs::remove(s.dir / "keys" / "kiosk.secret");
        fs::create_directories(s.dir / "keys" / "kiosk.secret");  // unreadable as a file
        CHECK_THROWS_AS(KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit), KeyError);
        CHECK(s.db.meta("public_key") == first.publicKeyHex());
        CHECK(s.audit.since(0).empty());
    }
    SECTION("a damaged key file is refused with its name") {
        std::ofstream(s.dir / "keys" / "kiosk.secret") << "hailong-kiosk-secret-key/1\nnot hex\n";
        CHECK_THROWS_WITH(KioskKeys::loadOrCreate(s.dir.path(), s.db, s.audit),
                          Catch::Contains("kiosk.secret") && Catch::Contains("damaged"));
    }
}

TEST_CASE("hex encoding round-trips and refuses wrong input", "[keys]") {
    const unsigned char bytes[] = {0x00, 0x7f, 0xff, 0x10};
    CHECK(toHex(bytes, 4) == "007fff10");
    CHECK(fromHex("007FFF10", 4) == std::string("\x00\x7f\xff\x10", 4));
    CHECK_FALSE(fromHex("007fff1", 4));
    CHECK_FALSE(fromHex("007fff1g", 4));
}
