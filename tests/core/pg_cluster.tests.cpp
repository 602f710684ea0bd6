// The throwaway PostgreSQL clusters the [pg] tests run on (tests/support/pg_cluster.h, issue 17).
#include "support/pg_cluster.h"

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

using hailong::test::PgCluster;

namespace {
// Straight libpq: these tests check the cluster, not the core's PgConnection.
struct Conn {
    PGconn* c;
    explicit Conn(const std::string& uri) : c(PQconnectdb(uri.c_str())) {}
    ~Conn() { PQfinish(c); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;
    bool ok() const { return PQstatus(c) == CONNECTION_OK; }
    /// The first field of the first row ("" if none); the SQLSTATE in `state` ("" on success).
    std::string query(const std::string& sql, std::string* state = nullptr) {
        PGresult* r = PQexec(c, sql.c_str());
        const ExecStatusType st = PQresultStatus(r);
        std::string value;
        if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
        const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state != nullptr) *state = code != nullptr ? code : "";
        else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) FAIL(sql << ": " << PQerrorMessage(c));
        PQclear(r);
        return value;
    }
};
}  // namespace

TEST_CASE("a throwaway cluster starts on a free port and takes connections", "[pg]") {
    std::string dir;
    {
        PgCluster cluster;
        std::printf("PgCluster start-up: %lld ms\n", static_cast<long long>(cluster.startupMs()));
        dir = cluster.socketDir();
        CHECK(cluster.port() > 0);
        CHECK(cluster.uri("x") == "postgresql://hailong@127.0.0.1:" + std::to_string(cluster.port()) + "/x");
        Conn c(cluster.uri());
        REQUIRE(c.ok());
        CHECK(c.query("SELECT current_user") == "hailong");
        CHECK(c.query("SELECT pg_is_in_recovery()") == "f");
        CHECK(c.query("SHOW fsync") == "off");
        CHECK(c.query("SHOW wal_level") == "replica");
        // Its unix socket is in its own directory, not in /var/run/postgresql.
        Conn local("host=" + cluster.socketDir() + " port=" + std::to_string(cluster.port()) +
                   " user=hailong dbname=postgres");
        CHECK(local.ok());
        CHECK(std::filesystem::exists(dir + "/.s.PGSQL." + std::to_string(cluster.port())));
    }
    // Stopped and removed with the object.
    CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("two clusters run side by side on different ports", "[pg]") {
    PgCluster a;
    PgCluster b;
    CHECK(a.port() != b.port());
    Conn ca(a.uri());
    Conn cb(b.uri());
    REQUIRE(ca.ok());
    REQUIRE(cb.ok());
    ca.query("CREATE TABLE only_in_a (x int)");
    std::string state;
    cb.query("SELECT * FROM only_in_a", &state);
    CHECK(state == "42P01");  // undefined_table
}

TEST_CASE("the shared cluster gives each test fresh databases of its own", "[pg]") {
    PgCluster& shared = PgCluster::shared();
    CHECK(&shared == &PgCluster::shared());  // started once
    const std::string first = shared.createDatabase("cluster_test_one");
    const std::string second = shared.createDatabase("cluster_test_two");
    CHECK(first == shared.uri("cluster_test_one"));
    Conn one(first);
    Conn two(second);
    REQUIRE(one.ok());
    REQUIRE(two.ok());
    CHECK(one.query("SELECT current_database()") == "cluster_test_one");
    one.query("CREATE TABLE t (x int)");
    one.query("INSERT INTO t VALUES (1), (2)");
    CHECK(one.query("SELECT count(*) FROM t") == "2");
    std::string state;
    two.query("SELECT count(*) FROM t", &state);
    CHECK(state == "42P01");
    // Asked again (as a SECTION's run of the test case does): empty again.
    one.query("SELECT 1");
    Conn again(shared.createDatabase("cluster_test_one"));
    REQUIRE(again.ok());
    again.query("SELECT count(*) FROM t", &state);
    CHECK(state == "42P01");
    CHECK_THROWS_AS(shared.createDatabase("Robert'); DROP"), std::invalid_argument);
}

TEST_CASE("a role with a password must give it", "[pg]") {
    PgCluster& shared = PgCluster::shared();
    const std::string uri = shared.createPasswordRole("cluster_pw", "s3cret");
    CHECK(uri == "postgresql://cluster_pw:s3cret@127.0.0.1:" + std::to_string(shared.port()) + "/postgres");
    CHECK(Conn(uri).ok());
    Conn wrong("postgresql://cluster_pw:nope@127.0.0.1:" + std::to_string(shared.port()) + "/postgres");
    CHECK_FALSE(wrong.ok());
    CHECK(std::string(PQerrorMessage(wrong.c)).find("password authentication failed") != std::string::npos);
}

TEST_CASE("a hot standby replays what the primary writes and refuses writes", "[pg]") {
    PgCluster primary;
    Conn p(primary.uri());
    REQUIRE(p.ok());
    p.query("CREATE TABLE before_backup (x int)");
    p.query("INSERT INTO before_backup VALUES (1)");

    const std::unique_ptr<PgCluster> standby = primary.makeStandby();
    std::printf("PgCluster standby start-up: %lld ms\n", static_cast<long long>(standby->startupMs()));
    REQUIRE(standby->isStandby());
    CHECK(standby->port() != primary.port());
    Conn s(standby->uri());
    REQUIRE(s.ok());
    CHECK(s.query("SELECT pg_is_in_recovery()") == "t");
    CHECK(s.query("SELECT count(*) FROM before_backup") == "1");

    // Written after the base backup: streamed.
    p.query("CREATE TABLE after_backup (x int)");
    p.query("INSERT INTO after_backup SELECT generate_series(1, 1000)");
    standby->catchUp();
    CHECK(s.query("SELECT sum(x) FROM after_backup") == "500500");

    std::string state;
    s.query("INSERT INTO after_backup VALUES (1)", &state);
    CHECK(state == "25006");  // read_only_sql_transaction
    s.query("CREATE TABLE nope (x int)", &state);
    CHECK(state == "25006");
    CHECK_THROWS_AS(primary.catchUp(), std::logic_error);
}

TEST_CASE("a cluster whose test process was killed is stopped and removed by the next cluster", "[pg]") {
    int out[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // a test process killed with its cluster running (a ctest timeout, say)
        ::close(out[0]);
        try {
            auto* orphan = new PgCluster();  // never destroyed
            const std::string said = orphan->socketDir() + "\n" + std::to_string(orphan->port()) + "\n" +
                                     (Conn(orphan->uri()).ok() ? "running" : "down") + "\n";
            if (::write(out[1], said.data(), said.size()) < 0) _exit(3);
        } catch (...) {
            _exit(2);
        }
        ::raise(SIGKILL);
    }
    ::close(out[1]);
    std::string said;
    char buf[256];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    const auto first = said.find('\n'), second = said.find('\n', first + 1);
    REQUIRE(second != std::string::npos);
    const std::string dir = said.substr(0, first);
    const std::string port = said.substr(first + 1, second - first - 1);
    CHECK(said.substr(second + 1) == "running\n");

    PgCluster next;  // sweeps what dead processes left (another test process may have done it already)
    CHECK_FALSE(std::filesystem::exists(dir));
    Conn gone("postgresql://hailong@127.0.0.1:" + port + "/postgres?connect_timeout=5");
    CHECK_FALSE(gone.ok());
}
