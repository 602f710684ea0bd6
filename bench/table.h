#pragma once
// The benchmark's table (hailong_bench.cpp, hq_sections.cpp, pg_sections.cpp): its options, one line per
// figure next to its bar, the verdict counts, and a temporary directory.
#include "process.h"  // NoCopy

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hailong::bench {
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

struct Options {
    int taps = 2000, frames = 500, startRuns = 5;
    double idleSeconds = 30;
    fs::path dir = "/var/tmp";
#ifdef HAILONG_BENCH_DEFAULT_KIOSK
    std::string kiosk = HAILONG_BENCH_DEFAULT_KIOSK;
#else
    std::string kiosk;
#endif
    bool quick = false;
    std::vector<std::string> only;  ///< sections to run (empty: all)
    int exportResponses = 1'000'000;
    int importResponses = 1'000'000;
    int importKiosks = 1'000;
    int runs = 3;  ///< export and import: each timed this many times (and its reference), the median kept
    int reportResponses = 10'000'000;
    std::string provinceDb;  ///< keep section 7's store here, or reuse it if it exists
    int growthCopies = 9;    ///< section 10: the largest store's tallies copied this many more times
#ifdef HAILONG_BENCH_DEFAULT_HAILONG
    std::string hailong = HAILONG_BENCH_DEFAULT_HAILONG;  ///< section 11: the program whose `hq serve` runs
#else
    std::string hailong;
#endif
    double webSeconds = 60;  ///< section 11: how long the clients load the overview
    int webClients = 50;
};

extern int g_ok, g_over, g_failed;

double msSince(Steady::time_point t0);
__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...);
/// Nearest-rank percentile (p in 0..1) of samples.
double percentile(std::vector<double> v, double p);
double maxOf(const std::vector<double>& v);
/// "a / b / c s" of times in ms, in the order measured.
std::string runsText(const std::vector<double>& ms);
void section(const std::string& title);
/// One line of the table; with a bar, `met` says whether the figure is within it.
void row(const std::string& what, const std::string& measured, const std::string& bar = "",
         std::optional<bool> met = std::nullopt);
void note(const std::string& text);
void failed(const std::string& what);

/// A directory of our own under base, removed with everything in it.
class TempDir : NoCopy {
public:
    TempDir(const fs::path& base, const std::string& prefix);
    ~TempDir();
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

/// Sections 5-7 (hq_sections.cpp): headquarters' import and reports.
void importSection(const Options& o);
void reportSection(const Options& o);
void provinceSection(const Options& o);
/// Sections 8-10 (pg_sections.cpp): headquarters on PostgreSQL; growth on both stores.
void pgImportSection(const Options& o);
void pgReportSection(const Options& o);
void growthSection(const Options& o);
/// Section 11 (web_section.cpp): `hailong hq serve` under fifty clients; the demo uploaded.
void webSection(const Options& o);
/// Section 12 (speech_section.cpp): from a touch in speech mode to its first sound.
void speechSection(const Options& o);

}  // namespace hailong::bench
