// What the kiosk tells systemd: a real notify socket (a Unix datagram socket in a temporary
// folder), the environment systemd sets, and the messages that arrive.
#include "service/service_notify.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using hailong::app::ServiceNotifier;

namespace {

// A stand-in for systemd's end of NOTIFY_SOCKET; sets and clears the environment.
struct FakeSystemd {
    hailong::test::TempDir dir;
    int fd = -1;
    std::string path = (dir / "notify").string();

    explicit FakeSystemd(const char* watchdogUsec) {
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof(a.sun_path));
        std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
        ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
        if (watchdogUsec) ::setenv("WATCHDOG_USEC", watchdogUsec, 1);
        else ::unsetenv("WATCHDOG_USEC");
    }
    ~FakeSystemd() {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::close(fd);
    }
    std::vector<std::string> received() {
        std::vector<std::string> out;
        char buf[512];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.emplace_back(buf, static_cast<std::size_t>(n));
        return out;
    }
};

}  // namespace

TEST_CASE("under systemd the kiosk says when it is ready and pings the watchdog at half its interval", "[service]") {
    FakeSystemd systemd("10000000");  // WatchdogSec=10
    ServiceNotifier n;
    REQUIRE(n.active());
    CHECK(n.pingEvery() == std::chrono::seconds(5));

    n.ready();
    n.ready();  // once only
    const auto t0 = ServiceNotifier::Clock::now();
    n.alive(t0);
    n.alive(t0 + std::chrono::seconds(4));  // too soon: no ping
    n.alive(t0 + std::chrono::seconds(5));
    const std::vector<std::string> got = systemd.received();
    REQUIRE(got.size() == 3);
    CHECK(got[0].rfind("READY=1", 0) == 0);
    CHECK(got[1] == "WATCHDOG=1");
    CHECK(got[2] == "WATCHDOG=1");
}

TEST_CASE("without a watchdog the kiosk only says it is ready", "[service]") {
    FakeSystemd systemd(nullptr);
    ServiceNotifier n;
    CHECK(n.pingEvery().count() == 0);
    n.alive();
    n.ready();
    const std::vector<std::string> got = systemd.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].rfind("READY=1", 0) == 0);
}

TEST_CASE("outside systemd the kiosk sends nothing", "[service]") {
    // A notify socket that would receive anything sent, but not in the environment when the
    // kiosk starts: outside systemd. It is put back afterwards, so a ready or a ping that
    // slipped through (sd_notify reads the variable at each call) would arrive.
    FakeSystemd systemd("10000000");
    ::unsetenv("NOTIFY_SOCKET");
    ServiceNotifier n;
    CHECK_FALSE(n.active());
    CHECK(n.pingEvery().count() == 0);
    ::setenv("NOTIFY_SOCKET", systemd.path.c_str(), 1);
    const auto t0 = ServiceNotifier::Clock::now();
    n.ready();
    n.alive(t0);
    n.alive(t0 + std::chrono::seconds(60));
    CHECK(systemd.received().empty());

    // An empty NOTIFY_SOCKET is outside systemd too.
    ::setenv("NOTIFY_SOCKET", "", 1);
    ServiceNotifier empty;
    CHECK_FALSE(empty.active());
    ::setenv("NOTIFY_SOCKET", systemd.path.c_str(), 1);
    empty.ready();
    empty.alive(t0);
    CHECK(systemd.received().empty());

    // The same socket does receive from a kiosk started under it: the silence above is the
    // kiosk's, not a socket that could not receive.
    ServiceNotifier started;
    REQUIRE(started.active());
    started.ready();
    const std::vector<std::string> got = systemd.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].rfind("READY=1", 0) == 0);
}
