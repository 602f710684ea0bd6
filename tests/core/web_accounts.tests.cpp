// Accounts of the web application (core/web/accounts.h): names, passwords, the throttle and
// sessions, with a manual clock.
#include "web/accounts.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

TEST_CASE("accounts: names, roles and password rules", "[web]") {
    CHECK(validAccountName("nguyen.van-a_2"));
    for (const char* bad : {"", "Nguyen", ".x", "a b", "xã", "a/b"}) CHECK_FALSE(validAccountName(bad));
    CHECK_FALSE(validAccountName(std::string(65, 'a')));
    CHECK(roleFromName("analyst") == Role::Analyst);
    CHECK_FALSE(roleFromName("root"));
    CHECK(passwordProblem("short", "x"));
    CHECK(passwordProblem("mật khẩu dài", "x") == std::nullopt);  // 12 characters, 16 bytes
    CHECK(passwordProblem("nguyen2026!!", "nguyen"));
    CHECK(passwordProblem(std::string(257, 'x'), "a"));
}

TEST_CASE("accounts: argon2id hashes, salted, checked", "[web]") {
    const std::string h1 = hashPassword("correct horse battery"), h2 = hashPassword("correct horse battery");
    CHECK(h1.rfind("$argon2id$", 0) == 0);
    CHECK(h1 != h2);
    CHECK(passwordMatches(h1, "correct horse battery"));
    CHECK_FALSE(passwordMatches(h1, "correct horse batterY"));
    CHECK_FALSE(passwordMatches("", "x"));
    CHECK_FALSE(passwordMatches("$2y$10$notargon", "x"));
    CHECK(randomToken().size() == 43);
    CHECK(randomToken() != randomToken());
    CHECK(sameToken("abc", "abc"));
    CHECK_FALSE(sameToken("abc", "abd"));
    CHECK_FALSE(sameToken("", ""));
}

TEST_CASE("accounts: the throttle lets four failures pass, then doubles the wait from 5 s", "[web]") {
    ManualClock clock;
    SignInThrottle t(clock);
    for (int i = 0; i < 4; ++i) t.failed("na", "10.0.0.1");
    CHECK(t.waitMs("na", "10.0.0.1") == 0);
    t.failed("na", "10.0.0.1");
    CHECK(t.waitMs("na", "10.0.0.1") == 5000);
    CHECK(t.waitMs("na", "10.0.0.2") == 5000);  // per name, from any address
    CHECK(t.waitMs("pt", "10.0.0.1") == 0);     // the address has failed five times only
    clock.advanceMs(5000);
    CHECK(t.waitMs("na", "10.0.0.1") == 0);
    t.failed("na", "10.0.0.1");
    CHECK(t.waitMs("na", "10.0.0.1") == 10000);
    for (int i = 0; i < 20; ++i) t.failed("na", "10.0.0.1");
    CHECK(t.waitMs("na", "10.0.0.1") == 15 * 60 * 1000);  // at most 15 minutes
    t.succeeded("na");
    CHECK(t.waitMs("na", "10.0.0.3") == 0);
    CHECK(t.waitMs("other", "10.0.0.1") > 0);  // 26 failures from that address: it waits too
    clock.advanceMs(15 * 60 * 1000);
    CHECK(t.waitMs("other", "10.0.0.1") == 0);  // forgotten after 15 quiet minutes
}

TEST_CASE("accounts: sessions expire when idle and at their end, and end with their account", "[web]") {
    ManualClock clock;
    Sessions s(clock, 30 * 60'000, 12 * 3'600'000);
    const Session a = s.start("na");
    CHECK(a.id != a.csrf);
    CHECK(s.find(a.id)->account == "na");
    CHECK_FALSE(s.find("forged"));
    for (int i = 0; i < 24; ++i) {  // used every 29 minutes (11 h 36 min): alive until 12 hours
        clock.advanceMs(29 * 60'000);
        REQUIRE(s.find(a.id));
    }
    clock.advanceMs(29 * 60'000);
    CHECK_FALSE(s.find(a.id));  // 12 h 5 min after it started
    const Session b = s.start("na"), c = s.start("pt");
    s.endAllOf("na");
    CHECK_FALSE(s.find(b.id));
    CHECK(s.find(c.id));
    clock.advanceMs(30 * 60'000);
    CHECK_FALSE(s.find(c.id));
}
