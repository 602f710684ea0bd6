#include "table.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace hailong::bench {

int g_ok = 0, g_over = 0, g_failed = 0;

double msSince(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }

__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, args);
    va_end(args);
    std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
    va_end(again);
    return out;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}
double maxOf(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
std::string runsText(const std::vector<double>& ms) {
    std::string out;
    for (const double m : ms) out += (out.empty() ? "" : " / ") + format("%.2f", m / 1000);
    return out + " s";
}

void section(const std::string& title) { std::printf("\n%s\n", title.c_str()); }

void row(const std::string& what, const std::string& measured, const std::string& bar, std::optional<bool> met) {
    const char* verdict = !met ? "" : *met ? "ok" : "OVER BAR";
    if (met) ++(*met ? g_ok : g_over);
    std::printf("  %-50s %-30s %-14s %s\n", what.c_str(), measured.c_str(), bar.c_str(), verdict);
    std::fflush(stdout);
}
void note(const std::string& text) { std::printf("  %s\n", text.c_str()); }
void failed(const std::string& what) {
    ++g_failed;
    note("FAILED: " + what);
}

TempDir::TempDir(const fs::path& base, const std::string& prefix) {
    std::string name = (base / (prefix + "XXXXXX")).string();
    if (!::mkdtemp(name.data()))
        throw std::runtime_error("cannot create a directory under " + base.string() + ": " + std::strerror(errno));
    m_path = name;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

}  // namespace hailong::bench
