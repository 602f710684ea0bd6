#pragma once
// A throwaway PostgreSQL cluster for the tests (issue 17): Debian's initdb and pg_ctl, on a
// free localhost TCP port, its unix socket and data in a temporary directory, fsync off. Tests
// never assume a server that is already there.
//
// PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as the system
// user `hailong-test` (created once with useradd --system, if missing) through runuser, and
// its directory belongs to that user. Otherwise it runs as the caller.
//
// Where: $HAILONG_PG_TMPDIR if set, else /dev/shm when it has a GiB free, else the temp dir.
// Start-up: initdb runs once per machine (and PostgreSQL version) into a template directory
// there; each cluster is a copy of it (a fraction of the time of initdb). A cluster left behind
// by a test process that was killed is stopped and removed by the next one.
//
// Not thread-safe: one thread creates and uses a cluster (the servers themselves take any
// number of connections). Throws std::runtime_error, with the tool's output, on failure.
#include <cstdint>
#include <memory>
#include <string>

namespace hailong::test {

class PgCluster {
public:
    /// initdb (or a copy of the template), configuration, pg_ctl start; returns when the server
    /// accepts connections.
    PgCluster();
    /// pg_ctl stop -m immediate, then removes the directory. Never throws.
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    /// One cluster for the whole test process, started at the first call (tests that only need
    /// a database of their own take it from here, with createDatabase).
    static PgCluster& shared();

    /// The superuser every cluster has (trust authentication on localhost).
    static constexpr const char* superuser = "hailong";

    int port() const { return m_port; }
    const std::string& socketDir() const { return m_socketDir; }
    /// postgresql://hailong@127.0.0.1:PORT/dbname
    std::string uri(const std::string& dbname = "postgres") const;

    /// Creates an empty database (the name must be a plain identifier: lower-case letters,
    /// digits, _) and returns its URI. One of that name already there is dropped first (its
    /// connections closed): a test case runs again for each SECTION, and gets it afresh.
    std::string createDatabase(const std::string& name);
    /// Creates a login role that must give its password (scram-sha-256) on TCP (or sets the
    /// password of the one already there); returns postgresql://name:password@127.0.0.1:PORT/dbname.
    std::string createPasswordRole(const std::string& name, const std::string& password,
                                   const std::string& dbname = "postgres");

    /// A streaming hot standby of this cluster (pg_basebackup -R -X stream) on another port,
    /// read-only, started and accepting connections.
    std::unique_ptr<PgCluster> makeStandby();
    /// For a standby: waits (up to timeoutMs) until it has replayed the primary's WAL as it
    /// stood at the call. Throws on timeout, or if this is not a standby.
    void catchUp(int timeoutMs = 30'000) const;
    bool isStandby() const { return !m_primaryUri.empty(); }

    /// Runs one SQL command as the superuser on dbname (for test set-up); throws on error.
    void execAsSuperuser(const std::string& sql, const std::string& dbname = "postgres") const;

    /// Milliseconds the constructor took (printed by the tests).
    std::int64_t startupMs() const { return m_startupMs; }

private:
    struct Standby {};
    PgCluster(Standby, const PgCluster& primary);
    void configure(bool standby);
    void start();
    void stopAndRemove() noexcept;

    std::string m_dir;  ///< the temporary directory: data/, socket, logs
    std::string m_dataDir;
    std::string m_socketDir;
    int m_port = 0;
    bool m_running = false;
    std::string m_primaryUri;  ///< set on a standby
    std::int64_t m_startupMs = 0;
};

}  // namespace hailong::test
