// Child processes and /proc figures for hailong-bench; see process.h.
#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace hailong::bench {
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {
double msSince(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }
}  // namespace

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<std::string> findOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string d; std::getline(dirs, d, ':');)
        if (!d.empty() && ::access((fs::path(d) / name).c_str(), X_OK) == 0) return (fs::path(d) / name).string();
    return std::nullopt;
}

std::vector<std::string> environmentWith(const std::string& display) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "DISPLAY=", 8) != 0) env.emplace_back(*e);
    if (!display.empty()) env.push_back("DISPLAY=" + display);
    return env;
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int outFd, int errFd,
            int keepFd) {
    std::vector<char*> argv, envp;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(outFd >= 0 ? outFd : devnull, 1);
        ::dup2(errFd >= 0 ? errFd : devnull, 2);
        if (keepFd >= 0) ::fcntl(keepFd, F_SETFD, 0);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

std::optional<std::string> readLine(int fd, int timeoutMs) {
    const auto deadline = Steady::now() + std::chrono::milliseconds(timeoutMs);
    std::string text;
    while (text.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count();
        pollfd p{fd, POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return std::nullopt;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return std::nullopt;
        text.append(buf, static_cast<std::size_t>(n));
    }
    return text.substr(0, text.find('\n'));
}

std::pair<double, int> stopProcess(pid_t pid, int timeoutMs) {
    const auto t0 = Steady::now();
    ::kill(pid, SIGTERM);
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) != pid) {
        if (msSince(t0) > timeoutMs) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return {msSince(t0) / 1000.0, status};
}

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::pair<long, long> diskReads() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return {u.ru_majflt, u.ru_inblock};
}

void warmFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    }
}

long long cpuTicks(pid_t pid) {
    const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt (fields 3..13)
    long long utime = 0, stime = 0;
    fields >> utime >> stime;
    if (!fields) throw std::runtime_error("cannot read /proc/" + std::to_string(pid) + "/stat");
    return utime + stime;
}

double smapsMb(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    throw std::runtime_error("no " + key + " in /proc/" + std::to_string(pid) + "/smaps_rollup");
}

std::string privateDirtyByKind(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps");
    std::map<std::string, double> mb;
    std::string kind;
    for (std::string line; std::getline(in, line);) {
        std::istringstream f(line);
        std::string first, perms, offset, dev, inode, name;
        double kb = 0;
        if (f >> first && first == "Private_Dirty:" && f >> kb) mb[kind] += kb / 1024.0;
        else if (first.find('-') != std::string::npos && f >> perms >> offset >> dev >> inode)
            kind = !(f >> name) ? "anonymous" : name[0] == '[' ? name : "files";
    }
    std::ostringstream out;
    out.precision(1);
    for (const auto& [k, v] : mb)
        if (v >= 0.5) out << (out.tellp() > 0 ? ", " : "") << k << " " << std::fixed << v;
    return out.str() + " MB";
}

Xvfb::Xvfb(const std::string& exe, const std::string& screen) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    m_pid = spawn({exe, "-displayfd", std::to_string(fds[1]), "-screen", "0", screen, "-nolisten", "tcp"},
                  environmentWith(""), -1, -1, fds[1]);
    ::close(fds[1]);
    const std::optional<std::string> number = readLine(fds[0], 10'000);
    ::close(fds[0]);
    if (!number) {
        stopProcess(m_pid, 2000);
        throw std::runtime_error("Xvfb did not report a display number");
    }
    m_display = ":" + *number;
}

Xvfb::~Xvfb() { stopProcess(m_pid, 5000); }

}  // namespace hailong::bench
