#pragma once
// Child processes and /proc figures for hailong-bench (Linux): spawn a program, read its
// first line of output, stop it with SIGTERM, and read its CPU time and memory from /proc.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hailong::bench {

/// Base of the classes that own a resource.
struct NoCopy {
    NoCopy() = default;
    NoCopy(const NoCopy&) = delete;
    NoCopy& operator=(const NoCopy&) = delete;
};

/// The whole text of a file ("" if it cannot be read).
std::string slurp(const std::filesystem::path& file);
/// The full path of an executable found on $PATH.
std::optional<std::string> findOnPath(const std::string& name);
/// This process's environment with DISPLAY replaced (removed if display is empty).
std::vector<std::string> environmentWith(const std::string& display);

/// fork + execve of args[0] (a path). The child's stdout/stderr go to outFd/errFd (-1:
/// /dev/null); keepFd stays open across exec. Other descriptors should be close-on-exec.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int outFd, int errFd,
            int keepFd = -1);
/// The first line written to fd, without its newline; nothing on EOF or after timeoutMs.
std::optional<std::string> readLine(int fd, int timeoutMs);
/// SIGTERM, then SIGKILL after timeoutMs; reaps it. Returns the seconds until it ended and
/// its wait status.
std::pair<double, int> stopProcess(pid_t pid, int timeoutMs);

/// User and system time of this process so far, all its threads, in seconds (getrusage).
double cpuSeconds();
/// Page faults that had to read from the disk, and blocks read, by this process so far (getrusage).
std::pair<long, long> diskReads();
/// Reads a file through once, so its pages are in the page cache before a timed run (the
/// measured program and its reference then start alike; nothing reclaimed them in between).
void warmFile(const std::filesystem::path& file);
/// utime + stime of a process (/proc/PID/stat), in clock ticks (sysconf(_SC_CLK_TCK)).
long long cpuTicks(pid_t pid);
/// One "Key:  N kB" line of /proc/PID/smaps_rollup (Rss, Pss, Private_Dirty...), in MB of 1024 kB.
double smapsMb(pid_t pid, const std::string& key);
/// Private_Dirty of /proc/PID/smaps summed by kind of mapping: "[heap] 37.1, anonymous 16.3, files 9.2 MB".
std::string privateDirtyByKind(pid_t pid);

/// A private X server (Xvfb -displayfd ... -nolisten tcp), stopped when this goes out of scope.
class Xvfb : NoCopy {
public:
    Xvfb(const std::string& exe, const std::string& screen);  ///< screen: "1920x1080x24"
    ~Xvfb();
    const std::string& display() const { return m_display; }  ///< ":N"
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    std::string m_display;
};

}  // namespace hailong::bench
