// The libpq layer of headquarters on PostgreSQL (core/hq/pg_connection.h, issue 17), against
// a throwaway cluster of its own.
#include "hq/pg_connection.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace hailong::core;
using hailong::test::PgCluster;
using hailong::test::TempDir;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The message and SQLSTATE of the PgError fn throws (fails the test if it throws nothing else).
template <class Fn>
PgError errorOf(Fn&& fn) {
    try {
        fn();
    } catch (const PgError& e) {
        return e;
    }
    FAIL("no PgError thrown");
    return PgError("", "");
}

/// Sets an environment variable for the scope, putting back what was there.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (m_old) setenv(m_name, m_old->c_str(), 1);
        else unsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};
}  // namespace

TEST_CASE("isPostgresTarget knows libpq URIs from SQLite files", "[hq]") {
    CHECK(isPostgresTarget("postgresql://hq@db.example/hailong"));
    CHECK(isPostgresTarget("postgres://localhost/hq"));
    CHECK(isPostgresTarget("postgresql://"));
    CHECK_FALSE(isPostgresTarget("hq.db"));
    CHECK_FALSE(isPostgresTarget("/var/lib/hailong/postgresql/hq.db"));
    CHECK_FALSE(isPostgresTarget("postgresql:/x"));
    CHECK_FALSE(isPostgresTarget(""));
}

TEST_CASE("exec binds text parameters and reads values and NULLs back", "[pg]") {
    PgConnection db(PgCluster::shared().createDatabase("conn_exec"));
    db.execScript("CREATE TABLE t (id bigint PRIMARY KEY, name text, n bigint); CREATE INDEX ON t (name)");
    CHECK(db.exec("INSERT INTO t VALUES ($1, $2, $3)", {"1", "Công an xã Đông Hà", "9007199254740993"}).affected() ==
          1);
    db.exec("INSERT INTO t VALUES ($1, $2, $3)", {"2", std::nullopt, std::nullopt});
    db.exec("INSERT INTO t VALUES ($1, $2, $3)", {"3", "tab\there 'quoted' \\ $1", "-5"});

    const PgResult r = db.exec("SELECT id, name, n FROM t ORDER BY id");
    REQUIRE(r.rows() == 3);
    CHECK(r.columns() == 3);
    CHECK(r.int64(0, 0) == 1);
    CHECK(r.text(0, 1) == "Công an xã Đông Hà");  // UTF-8 both ways
    CHECK(r.int64(0, 2) == 9007199254740993);     // above 2^53: all 64 bits
    CHECK(r.isNull(1, 1));
    CHECK(r.text(1, 1).empty());
    CHECK_THROWS_AS(r.int64(1, 2), StorageError);  // NULL is not a number
    CHECK_THROWS_AS(r.int64(0, 1), StorageError);  // nor is a name
    CHECK(r.text(2, 1) == "tab\there 'quoted' \\ $1");
    CHECK(r.int64(2, 2) == -5);
    CHECK_THROWS_AS(r.text(3, 0), StorageError);  // no such row

    CHECK(db.exec("UPDATE t SET n = 0 WHERE id > $1", {"1"}).affected() == 2);
    // Prepared once, executed with other parameters each time; errors as exec gives them.
    const std::string byId = "SELECT name FROM t WHERE id = $1";
    CHECK(db.execPrepared(byId, {"1"}).text(0, 0) == "Công an xã Đông Hà");
    CHECK(db.execPrepared(byId, {"3"}).text(0, 0) == "tab\there 'quoted' \\ $1");
    CHECK(db.execPrepared(byId, {"4"}).rows() == 0);
    const PgError bad = errorOf([&] { db.execPrepared(byId, {"not a number"}); });
    CHECK(bad.sqlstate() == "22P02");
    CHECK(db.execPrepared(byId, {"2"}).isNull(0, 0));
    CHECK(db.exec("SELECT count(*) FROM t WHERE name IS NULL").int64(0, 0) == 1);
    CHECK(db.serverVersion() >= 150000);
}

TEST_CASE("COPY FROM STDIN loads 100,000 rows, escaped, and refuses a bad one whole", "[pg]") {
    PgConnection db(PgCluster::shared().createDatabase("conn_copy"));
    db.execScript("CREATE TABLE r (seq bigint PRIMARY KEY, kiosk text NOT NULL, comment text)");

    const auto t0 = std::chrono::steady_clock::now();
    {
        PgCopyIn copy(db, "COPY r (seq, kiosk, comment) FROM STDIN");
        std::string chunk;
        for (std::int64_t i = 1; i <= 100'000; ++i) {
            PgCopyIn::appendField(chunk, i);
            const std::string kiosk = "kiosk-" + std::to_string(i % 7);
            PgCopyIn::appendField(chunk, std::string_view(kiosk));
            if (i % 10 == 0) PgCopyIn::appendField(chunk, std::nullopt, true);
            else if (i == 1) PgCopyIn::appendField(chunk, std::string_view("line\nbreak\ttab\\slash\rcr"), true);
            else PgCopyIn::appendField(chunk, std::string_view("Rất hài lòng"), true);
            if (chunk.size() > 64 * 1024) {
                copy.putCopyData(chunk);
                chunk.clear();
            }
        }
        copy.putCopyData(chunk);
        CHECK(copy.endCopy() == 100'000);
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    std::printf("COPY of 100,000 rows: %lld ms\n", static_cast<long long>(ms));

    CHECK(db.exec("SELECT count(*), sum(seq) FROM r").int64(0, 1) == 5'000'050'000);
    CHECK(db.exec("SELECT count(*) FROM r WHERE comment IS NULL").int64(0, 0) == 10'000);
    CHECK(db.exec("SELECT comment FROM r WHERE seq = 1").text(0, 0) == "line\nbreak\ttab\\slash\rcr");
    CHECK(db.exec("SELECT comment FROM r WHERE seq = 2").text(0, 0) == "Rất hài lòng");

    SECTION("a bad row: a clear error with its SQLSTATE, nothing stored, the connection still usable") {
        const PgError e = errorOf([&] {
            PgCopyIn copy(db, "COPY r (seq, kiosk) FROM STDIN");
            copy.putCopyData("200001\tk\nnot-a-number\tk\n");
            copy.endCopy();
        });
        CHECK(e.sqlstate() == "22P02");  // invalid_text_representation
        CHECK(contains(e.what(), "invalid input syntax for type bigint"));
        CHECK(contains(e.what(), "conn_copy"));
        CHECK(db.exec("SELECT count(*) FROM r WHERE seq > 100000").int64(0, 0) == 0);
    }
    SECTION("a COPY abandoned before its end stores nothing") {
        {
            PgCopyIn copy(db, "COPY r (seq, kiosk) FROM STDIN");
            copy.putCopyData("300001\tk\n");
        }
        CHECK(db.exec("SELECT count(*) FROM r").int64(0, 0) == 100'000);
    }
    SECTION("a COPY command through exec is refused and leaves the connection usable") {
        CHECK_THROWS_AS(db.exec("COPY r (seq, kiosk) FROM STDIN"), PgError);
        CHECK(db.exec("SELECT 1").int64(0, 0) == 1);
    }
}

TEST_CASE("a transaction rolls back unless committed", "[pg]") {
    PgConnection db(PgCluster::shared().createDatabase("conn_tx"));
    db.execScript("CREATE TABLE t (x int PRIMARY KEY)");
    {
        PgTransaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
    }
    CHECK(db.exec("SELECT count(*) FROM t").int64(0, 0) == 0);
    {
        PgTransaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    CHECK(db.exec("SELECT count(*) FROM t").int64(0, 0) == 1);
    SECTION("an error inside rolls the whole transaction back") {
        CHECK_THROWS_AS(
            [&] {
                PgTransaction tx(db);
                db.exec("INSERT INTO t VALUES (3)");
                db.exec("INSERT INTO t VALUES (2)");  // duplicate
                tx.commit();
            }(),
            PgError);
        CHECK(db.exec("SELECT count(*) FROM t").int64(0, 0) == 1);
    }
    SECTION("COMMIT after a swallowed error throws instead of pretending") {
        PgTransaction tx(db);
        db.exec("INSERT INTO t VALUES (4)");
        CHECK_THROWS(db.exec("INSERT INTO t VALUES (2)"));
        const PgError e = errorOf([&] { tx.commit(); });
        CHECK(e.sqlstate() == "25P02");
        CHECK(db.exec("SELECT count(*) FROM t").int64(0, 0) == 1);
    }
}

TEST_CASE("errors name the server and carry PostgreSQL's message and SQLSTATE", "[pg]") {
    PgCluster& cluster = PgCluster::shared();
    PgConnection db(cluster.createDatabase("conn_errors"));
    const std::string where = "127.0.0.1:" + std::to_string(cluster.port()) + "/conn_errors as hailong";
    CHECK(db.target() == "PostgreSQL at " + where);
    db.execScript("CREATE TABLE t (x int PRIMARY KEY)");
    db.exec("INSERT INTO t VALUES (1)");

    const PgError dup = errorOf([&] { db.exec("INSERT INTO t VALUES ($1)", {"1"}); });
    CHECK(dup.sqlstate() == "23505");
    CHECK_FALSE(dup.retryable());
    CHECK(contains(dup.what(), where));
    CHECK(contains(dup.what(), "duplicate key value violates unique constraint"));
    CHECK(contains(dup.what(), "Key (x)=(1) already exists"));  // the detail
    CHECK(contains(dup.what(), "[SQLSTATE 23505]"));

    const PgError syntax = errorOf([&] { db.exec("SELEC 1"); });
    CHECK(syntax.sqlstate() == "42601");
    const PgError missing = errorOf([&] { db.exec("SELECT * FROM nowhere"); });
    CHECK(missing.sqlstate() == "42P01");
    CHECK(contains(missing.what(), "relation \"nowhere\" does not exist"));

    SECTION("a serialization failure is retryable") {
        PgConnection other(cluster.uri("conn_errors"));
        db.execScript("CREATE TABLE s (x int)");
        PgTransaction a(db, "BEGIN ISOLATION LEVEL SERIALIZABLE");
        PgTransaction b(other, "BEGIN ISOLATION LEVEL SERIALIZABLE");
        db.exec("SELECT count(*) FROM s");
        other.exec("SELECT count(*) FROM s");
        db.exec("INSERT INTO s VALUES (1)");
        other.exec("INSERT INTO s VALUES (2)");
        a.commit();
        const PgError e = errorOf([&] { b.commit(); });
        CHECK(e.sqlstate() == "40001");
        CHECK(e.retryable());
    }
}

TEST_CASE("connection failures say where and why, never with the password", "[pg]") {
    PgCluster& cluster = PgCluster::shared();
    const std::string port = std::to_string(cluster.port());
    cluster.createPasswordRole("conn_pw", "correct-horse");
    const std::string good = "postgresql://conn_pw:correct-horse@127.0.0.1:" + port + "/postgres";
    CHECK(PgConnection(good).exec("SELECT current_user").text(0, 0) == "conn_pw");

    SECTION("a wrong password") {
        const PgError e = errorOf(
            [&] { PgConnection("postgresql://conn_pw:battery-staple@127.0.0.1:" + port + "/postgres"); });
        CHECK(contains(e.what(), "cannot connect to PostgreSQL at 127.0.0.1:" + port + "/postgres as conn_pw"));
        CHECK(contains(e.what(), "password authentication failed for user \"conn_pw\""));
        CHECK_FALSE(contains(e.what(), "battery-staple"));
    }
    SECTION("no server on the port") {
        const std::string closedPort = std::to_string(cluster.port() == 1 ? 2 : 1);
        const PgError e = errorOf(
            [&] { PgConnection("postgresql://conn_pw:battery-staple@127.0.0.1:" + closedPort + "/hq"); });
        CHECK(contains(e.what(), "127.0.0.1:" + closedPort + "/hq"));
        CHECK(contains(e.what(), "Connection refused"));
        CHECK_FALSE(contains(e.what(), "battery-staple"));
    }
    SECTION("a database that does not exist") {
        const PgError e = errorOf([&] { PgConnection(cluster.uri("no_such_db")); });
        CHECK(contains(e.what(), "database \"no_such_db\" does not exist"));
    }
    SECTION("a malformed URI") {
        const PgError badPort = errorOf(
            [&] { PgConnection("postgresql://conn_pw:battery-staple@127.0.0.1:notaport/hq"); });
        CHECK(contains(badPort.what(), "notaport"));
        CHECK_FALSE(contains(badPort.what(), "battery-staple"));
        const PgError pct = errorOf([&] { PgConnection("postgresql://conn_pw:battery-staple@127.0.0.1/%zz"); });
        CHECK(contains(pct.what(), "percent"));
        CHECK_FALSE(contains(pct.what(), "battery-staple"));
    }
}

TEST_CASE("an empty connection string takes libpq's environment and password file", "[pg]") {
    PgCluster& cluster = PgCluster::shared();
    cluster.createDatabase("conn_env");
    cluster.createPasswordRole("conn_env_user", "from-the-pgpass");
    cluster.execAsSuperuser("GRANT ALL ON DATABASE conn_env TO conn_env_user");
    TempDir dir;
    const std::string pgpass = (dir / "pgpass").string();
    std::ofstream(pgpass) << "127.0.0.1:" << cluster.port() << ":*:conn_env_user:from-the-pgpass\n";
    chmod(pgpass.c_str(), 0600);  // libpq ignores a password file others can read

    const ScopedEnv host("PGHOST", "127.0.0.1");
    const ScopedEnv port("PGPORT", std::to_string(cluster.port()));
    const ScopedEnv database("PGDATABASE", "conn_env");
    const ScopedEnv user("PGUSER", "conn_env_user");
    const ScopedEnv passfile("PGPASSFILE", pgpass);
    PgConnection db("");
    CHECK(db.exec("SELECT current_database(), current_user").text(0, 0) == "conn_env");
    CHECK(db.exec("SELECT current_user").text(0, 0) == "conn_env_user");
    CHECK(db.target() == "PostgreSQL at 127.0.0.1:" + std::to_string(cluster.port()) + "/conn_env as conn_env_user");
    // A URI without a password finds it in the file too.
    CHECK(PgConnection("postgresql://conn_env_user@127.0.0.1:" + std::to_string(cluster.port()) + "/conn_env")
              .exec("SELECT 1")
              .int64(0, 0) == 1);
}

TEST_CASE("array literals carry any text and integers into unnest", "[pg]") {
    PgConnection db(PgCluster::shared().createDatabase("conn_array"));
    const std::vector<std::string> texts = {"plain", "a\"b", "back\\slash", "NULL",       "{}",
                                            "x,y",   "",     " spaced ",    "Công an xã", "tab\tnewline\n"};
    PgArray t, n;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        t.add(texts[i]);
        n.add(static_cast<std::int64_t>(i) - 1'000'000'000'000);
    }
    CHECK(t.size() == texts.size());
    const PgResult r = db.exec(
        "SELECT a, b, a IS NULL FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u(a, b, i) "
        "ORDER BY i",
        {t.str(), n.str()});
    REQUIRE(r.rows() == static_cast<int>(texts.size()));
    for (int i = 0; i < r.rows(); ++i) {
        CHECK(r.text(i, 0) == texts[static_cast<std::size_t>(i)]);
        CHECK(r.int64(i, 1) == i - 1'000'000'000'000);
        CHECK(r.text(i, 2) == "f");
    }
    CHECK(db.exec("SELECT cardinality($1::text[])", {PgArray().str()}).int64(0, 0) == 0);
}
