#include "support/pg_cluster.h"

// [SECTION] Tools: where PostgreSQL is, running its programs (as hailong-test when root)
// [SECTION] Machine-wide set-up under a lock: the user, the template, clusters left behind
// [SECTION] PgCluster

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace hailong::test {

namespace {

// [SECTION] Tools ----------------------------------------------------------------------------

constexpr const char* TestUser = "hailong-test";
// Bump when the template's initdb options change: a new template is made beside the old one.
constexpr const char* TemplateVersion = "v2";

bool runningAsRoot() { return geteuid() == 0; }

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string tail(const std::string& text, std::size_t max = 2000) {
    return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

/// The folder of initdb, pg_ctl, pg_basebackup: `pg_config --bindir` (Debian's libpq-dev has
/// it), else the newest /usr/lib/postgresql/*/bin.
const fs::path& binDir() {
    static const fs::path dir = [] {
        if (FILE* p = popen("pg_config --bindir 2>/dev/null", "r")) {
            char buf[4096] = {};
            std::string out;
            while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
            pclose(p);
            while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
            if (!out.empty() && fs::exists(fs::path(out) / "initdb")) return fs::path(out);
        }
        fs::path best;
        int bestMajor = -1;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
            const int major = std::atoi(e.path().filename().c_str());
            if (major > bestMajor && fs::exists(e.path() / "bin" / "initdb")) {
                bestMajor = major;
                best = e.path() / "bin";
            }
        }
        if (best.empty())
            throw std::runtime_error("PostgreSQL not found: no initdb beside `pg_config --bindir` nor in "
                                     "/usr/lib/postgresql/*/bin (apt install postgresql libpq-dev)");
        return best;
    }();
    return dir;
}

/// Runs a program (argv[0] a full path) with its output in logFile; as root, as hailong-test
/// through runuser. Returns the exit status (-1 when it did not exit normally).
int runTool(std::vector<std::string> argv, const fs::path& logFile) {
    if (runningAsRoot()) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", TestUser, "--"});
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) throw std::runtime_error("cannot write " + logFile.string() + ": " + std::strerror(errno));
    const pid_t pid = fork();
    if (pid == 0) {  // only async-signal-safe calls from here to exec
        dup2(log, 1);
        dup2(log, 2);
        // Nothing else of the test process: the server lives on after pg_ctl, and would keep its
        // pipes and files open (a reader waiting for their end would wait for the server's).
        if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
            for (int fd = 3; fd < 65536; ++fd) close(fd);
        // The caller's working directory may be closed to hailong-test; initdb looks at it.
        if (chdir("/") != 0) _exit(126);
        execv(args[0], args.data());
        _exit(127);
    }
    ::close(log);
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void runOrThrow(const std::vector<std::string>& argv, const fs::path& logFile) {
    const auto before = fs::exists(logFile) ? fs::file_size(logFile) : 0;
    const int rc = runTool(argv, logFile);
    if (rc != 0) {
        const std::string out = readFile(logFile).substr(static_cast<std::size_t>(before));
        throw std::runtime_error(fs::path(argv[0]).filename().string() + " failed (exit " + std::to_string(rc) +
                                 "):\n" + tail(out));
    }
}

/// The user and group the cluster's files belong to.
std::pair<uid_t, gid_t> testOwner() {
    if (!runningAsRoot()) return {geteuid(), getegid()};
    const passwd* pw = getpwnam(TestUser);
    if (pw == nullptr) throw std::runtime_error(std::string("no user ") + TestUser);
    return {pw->pw_uid, pw->pw_gid};
}

void chownTree(const fs::path& root) {
    if (!runningAsRoot()) return;
    const auto [uid, gid] = testOwner();
    if (lchown(root.c_str(), uid, gid) != 0) throw std::runtime_error("chown " + root.string() + " failed");
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (lchown(e.path().c_str(), uid, gid) != 0) throw std::runtime_error("chown " + e.path().string() + " failed");
}

/// Where clusters live: $HAILONG_PG_TMPDIR if set (a benchmark with gigabytes of data, say);
/// else /dev/shm when it has room (a copy of the template there takes a seventh of the time it
/// takes on disk, and the tests' data is small); else the temp dir, unless that is closed to
/// hailong-test (TMPDIR under /root, say): then /tmp.
fs::path baseDir() {
    static const fs::path dir = [] {
        if (const char* env = std::getenv("HAILONG_PG_TMPDIR"); env != nullptr && *env != '\0') return fs::path(env);
        struct statvfs shm {};
        if (statvfs("/dev/shm", &shm) == 0 && access("/dev/shm", W_OK) == 0 &&
            static_cast<std::uint64_t>(shm.f_bavail) * shm.f_frsize >= (std::uint64_t{1} << 30))
            return fs::path("/dev/shm");
        fs::path base = fs::temp_directory_path();
        if (!runningAsRoot()) return base;
        for (fs::path p = base; !p.empty() && p != p.parent_path(); p = p.parent_path())
            if ((fs::status(p).permissions() & fs::perms::others_exec) == fs::perms::none) return fs::path("/tmp");
        return base;
    }();
    return dir;
}

fs::path makeTempDir(const std::string& prefix) {
    std::string templ = (baseDir() / (prefix + "XXXXXX")).string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + templ);
    return templ;
}

int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) throw std::runtime_error("socket() failed");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(s);
        throw std::runtime_error("no free TCP port on 127.0.0.1");
    }
    ::close(s);
    return ntohs(a.sin_port);
}

/// One SQL command through libpq (the core's PgConnection is what the tests test, so the
/// cluster does not use it). Returns the first field of the first row, if any.
std::string libpqExec(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        const std::string msg = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot connect to " + uri + ": " + msg);
    }
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    std::string value;
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) value = PQgetvalue(r, 0, 0);
    const std::string msg = PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + msg);
    return value;
}

// [SECTION] Machine-wide set-up --------------------------------------------------------------

/// An exclusive lock shared by every test process on the machine (ctest runs them in parallel).
class MachineLock {
public:
    MachineLock() {
        m_fd = ::open((baseDir() / "hailong-pg.lock").c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
        if (m_fd < 0 || flock(m_fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock hailong-pg.lock");
    }
    ~MachineLock() { ::close(m_fd); }
    MachineLock(const MachineLock&) = delete;
    MachineLock& operator=(const MachineLock&) = delete;

private:
    int m_fd = -1;
};

void ensureTestUser() {
    if (!runningAsRoot() || getpwnam(TestUser) != nullptr) return;
    const fs::path log = baseDir() / "hailong-pg-useradd.log";
    const std::string cmd = std::string("/usr/sbin/useradd --system --no-create-home --home-dir /nonexistent "
                                        "--shell /usr/sbin/nologin ") +
                            TestUser + " >" + log.string() + " 2>&1";
    const int rc = std::system(cmd.c_str());
    if (getpwnam(TestUser) == nullptr)
        throw std::runtime_error("useradd " + std::string(TestUser) + " failed (" + std::to_string(rc) +
                                 "): " + readFile(log));
}

/// initdb, once per machine, PostgreSQL major and user: the clusters are copies of it.
fs::path ensureTemplate() {
    const std::string major = binDir().parent_path().filename().string();
    const fs::path templ = baseDir() /
                           ("hailong-pg-template-" + major + "-" + std::to_string(geteuid()) + "-" + TemplateVersion);
    if (fs::exists(templ / "hailong-template-complete")) return templ;
    std::error_code ec;
    fs::remove_all(templ, ec);  // an incomplete one
    const fs::path work = makeTempDir("hailong-pg-initdb-");
    chownTree(work);
    const fs::path data = work / "data";
    runOrThrow({(binDir() / "initdb").string(), "-D", data.string(), "-U", PgCluster::superuser, "--auth=trust", "-E",
                "UTF8", "--locale=C", "--wal-segsize=1", "--no-sync", "--no-instructions"},
               work / "initdb.log");
    std::ofstream(data / "hailong-template-complete") << "made by tests/support/pg_cluster.cpp\n";
    chownTree(data);
    fs::rename(data, templ);
    fs::remove_all(work, ec);
    return templ;
}

/// Clusters whose test process died (killed by a timeout, say) keep running: stop and remove them.
void sweepAbandoned() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(baseDir(), ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("hailong-pg-cluster-", 0) != 0) continue;
        const std::string owner = readFile(e.path() / "owner.pid");
        const pid_t pid = static_cast<pid_t>(std::atol(owner.c_str()));
        if (pid <= 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH) continue;
        if (fs::exists(e.path() / "data" / "postmaster.pid"))
            runTool(
                {(binDir() / "pg_ctl").string(), "-D", (e.path() / "data").string(), "-m", "immediate", "-w", "stop"},
                "/dev/null");
        fs::remove_all(e.path(), ec);
    }
}

std::int64_t msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

// [SECTION] PgCluster ------------------------------------------------------------------------

PgCluster::PgCluster() {
    const auto t0 = std::chrono::steady_clock::now();
    fs::path templ;
    {
        MachineLock lock;
        ensureTestUser();
        sweepAbandoned();
        templ = ensureTemplate();
        m_dir = makeTempDir("hailong-pg-cluster-").string();
        std::ofstream(fs::path(m_dir) / "owner.pid") << getpid() << "\n";
    }
    try {
        chownTree(m_dir);
        m_dataDir = (fs::path(m_dir) / "data").string();
        m_socketDir = m_dir;
        runOrThrow({"/bin/cp", "-a", templ.string(), m_dataDir}, fs::path(m_dir) / "tools.log");
        configure(false);
        start();
        execAsSuperuser("CREATE ROLE password_users NOLOGIN");
    } catch (...) {
        stopAndRemove();  // what started, and the directory
        throw;
    }
    m_startupMs = msSince(t0);
}

PgCluster::PgCluster(Standby, const PgCluster& primary) {
    const auto t0 = std::chrono::steady_clock::now();
    m_dir = makeTempDir("hailong-pg-cluster-").string();
    std::ofstream(fs::path(m_dir) / "owner.pid") << getpid() << "\n";
    try {
        chownTree(m_dir);
        m_dataDir = (fs::path(m_dir) / "data").string();
        m_socketDir = m_dir;
        m_primaryUri = primary.uri();
        // -R: standby.signal and primary_conninfo; -c fast: no wait for the next checkpoint.
        runOrThrow({(binDir() / "pg_basebackup").string(), "-h", "127.0.0.1", "-p", std::to_string(primary.port()),
                    "-U", superuser, "-D", m_dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync"},
                   fs::path(m_dir) / "tools.log");
        configure(true);
        start();
    } catch (...) {
        stopAndRemove();
        throw;
    }
    m_startupMs = msSince(t0);
}

PgCluster::~PgCluster() { stopAndRemove(); }

void PgCluster::stopAndRemove() noexcept {
    if (m_running) {
        try {
            runTool({(binDir() / "pg_ctl").string(), "-D", m_dataDir, "-m", "immediate", "-w", "stop"},
                    fs::path(m_dir) / "tools.log");
        } catch (...) {  // never throw from a destructor; the next cluster sweeps it
        }
        m_running = false;
    }
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
    m_dir.clear();
}

PgCluster& PgCluster::shared() {
    static PgCluster cluster;  // a throwing start is tried again at the next call
    return cluster;
}

void PgCluster::configure(bool standby) {
    // Appended: the last setting of a name wins, so a standby's overrides the primary's copied ones.
    std::ofstream conf(fs::path(m_dataDir) / "postgresql.conf", std::ios::app);
    conf << "\n# tests/support/pg_cluster.cpp\n"
         << "listen_addresses = '127.0.0.1'\n"
         << "unix_socket_directories = '" << m_socketDir << "'\n"
         << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
         << "wal_level = replica\nmax_wal_senders = 10\nhot_standby = on\n"
         << "max_connections = 50\nshared_buffers = 64MB\n"
         << "log_min_messages = warning\n";
    if (!conf) throw std::runtime_error("cannot write postgresql.conf in " + m_dataDir);
    if (standby) return;  // pg_hba.conf came with the base backup
    std::ofstream hba(fs::path(m_dataDir) / "pg_hba.conf", std::ios::trunc);
    hba << "local all all trust\n"
        << "local replication all trust\n"
        << "host all +password_users 127.0.0.1/32 scram-sha-256\n"
        << "host all all 127.0.0.1/32 trust\n"
        << "host replication all 127.0.0.1/32 trust\n";
    if (!hba) throw std::runtime_error("cannot write pg_hba.conf in " + m_dataDir);
}

void PgCluster::start() {
    const fs::path serverLog = fs::path(m_dir) / "server.log";
    std::string lastError;
    for (int attempt = 0; attempt < 5; ++attempt) {
        // The port is free now; another process may take it before the server binds it: try again.
        m_port = freePort();
        std::ofstream(fs::path(m_dataDir) / "postgresql.conf", std::ios::app) << "port = " << m_port << "\n";
        const std::size_t before = fs::exists(serverLog) ? static_cast<std::size_t>(fs::file_size(serverLog)) : 0;
        const int rc = runTool(
            {(binDir() / "pg_ctl").string(), "-D", m_dataDir, "-l", serverLog.string(), "-w", "-t", "120", "start"},
            fs::path(m_dir) / "tools.log");
        if (rc == 0) {
            m_running = true;
            return;
        }
        lastError = readFile(serverLog).substr(before);
        if (lastError.find("could not bind") == std::string::npos &&
            lastError.find("already in use") == std::string::npos)
            break;
    }
    throw std::runtime_error("pg_ctl start failed in " + m_dir + ":\n" + tail(lastError) + "\n" +
                             tail(readFile(fs::path(m_dir) / "tools.log")));
}

std::string PgCluster::uri(const std::string& dbname) const {
    return std::string("postgresql://") + superuser + "@127.0.0.1:" + std::to_string(m_port) + "/" + dbname;
}

namespace {
void requireIdentifier(const std::string& name) {
    bool ok = !name.empty() && name.size() < 64;
    for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) throw std::invalid_argument("not a plain identifier: \"" + name + "\"");
}
}  // namespace

void PgCluster::execAsSuperuser(const std::string& sql, const std::string& dbname) const {
    libpqExec(uri(dbname), sql);
}

std::string PgCluster::createDatabase(const std::string& name) {
    requireIdentifier(name);
    // A test case runs again for each of its SECTIONs: each run gets the database afresh.
    execAsSuperuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execAsSuperuser("CREATE DATABASE " + name);
    return uri(name);
}

std::string PgCluster::createPasswordRole(const std::string& name, const std::string& password,
                                          const std::string& dbname) {
    requireIdentifier(name);
    std::string quoted = "'";
    for (char c : password) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    const bool exists = libpqExec(uri(), "SELECT count(*) FROM pg_roles WHERE rolname = '" + name + "'") != "0";
    execAsSuperuser((exists ? "ALTER ROLE " + name + " LOGIN PASSWORD " + quoted
                            : "CREATE ROLE " + name + " LOGIN PASSWORD " + quoted + " IN ROLE password_users"));
    return "postgresql://" + name + ":" + password + "@127.0.0.1:" + std::to_string(m_port) + "/" + dbname;
}

std::unique_ptr<PgCluster> PgCluster::makeStandby() {
    if (isStandby()) throw std::logic_error("makeStandby() of a standby");
    return std::unique_ptr<PgCluster>(new PgCluster(Standby{}, *this));
}

void PgCluster::catchUp(int timeoutMs) const {
    if (!isStandby()) throw std::logic_error("catchUp() on a primary");
    const std::string lsn = libpqExec(m_primaryUri, "SELECT pg_current_wal_lsn()");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string check = "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn";
    while (libpqExec(uri(), check) != "t") {
        if (msSince(t0) > timeoutMs)
            throw std::runtime_error("the standby on port " + std::to_string(m_port) + " did not replay " + lsn +
                                     " within " + std::to_string(timeoutMs) + " ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace hailong::test
