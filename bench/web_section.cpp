// Section 11 of hailong-bench (see hailong_bench.cpp): headquarters in the browser (issue 18),
// the real `hailong hq serve` as a child process, over HTTP on loopback.
//
// a. Load: section 7's store (--report-responses, 10,000,000 by default; --province-db reuses a
//    kept one) with an admin account put in through the store; the server started on it; 50
//    clients (httplib::Client, each with its own cookies and connection) sign in through the
//    sign-in form, then load /overview again and again for --web-seconds (60). An answer counts
//    only if it is 200 and holds the headline (id="headline"); anything else, or no answer, is
//    an error. Requests/s, p50, p99, max. Bar (SPEC 8): p99 <= 500 ms, no errors. The first
//    overview after the start (its figures computed, not cached) is timed apart.
// b. Upload: the demo's files (`hailong demo`, 2019: 110 keys, 1,310-odd batches) imported with
//    `hailong hq import` into a fresh store, then into another through POST /upload as the
//    page's script sends them (the keys in one request, the batches in requests of
//    UploadChunkFiles files, one after the other, asking for the results fragment); the same
//    counts of stored, known and refused files expected. No bar: the two times side by side.
#include "hq/hq_import.h"
#include "hq/sqlite_hq_store.h"
#include "hq_data.h"
#include "process.h"
#include "table.h"
#include "web/accounts.h"

#include <httplib.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

namespace hailong::bench {

namespace {

constexpr const char* Admin = "bench.admin";
constexpr const char* Password = "bench-password-2026";
// As the page's script (static/upload.js) sends them: up to 40 files a request, 32 MiB at most
// (a larger single file goes alone).
constexpr std::size_t UploadChunkFiles = 40;
constexpr std::uintmax_t UploadChunkBytes = 32u * 1024 * 1024;

// [SECTION] The server as a child process

/// `hailong hq serve --db DB --listen 127.0.0.1:0`: its port read from the first line it
/// prints; the rest of its output drained (a full pipe would stop it); SIGTERM at the end.
class Server : NoCopy {
public:
    Server(const std::string& hailong, const fs::path& db) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        const auto t0 = Steady::now();
        m_pid = spawn({hailong, "hq", "serve", "--db", db.string(), "--listen", "127.0.0.1:0"}, environmentWith(""),
                      out[1], -1);
        ::close(out[1]);
        m_fd = out[0];
        const std::optional<std::string> first = readLine(m_fd, 60'000);
        static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
        std::smatch m;
        if (!first || !std::regex_search(*first, m, listening)) {
            stop();
            throw std::runtime_error("hq serve did not say 'listening on http://127.0.0.1:PORT/' within 60 s" +
                                     (first ? ": " + *first : std::string()));
        }
        m_port = std::stoi(m[1]);
        m_startMs = msSince(t0);
        m_drain = std::thread([fd = m_fd] {
            char buf[4096];
            while (::read(fd, buf, sizeof buf) > 0) {
            }
        });
    }
    ~Server() { stop(); }
    int port() const { return m_port; }
    double startMs() const { return m_startMs; }  ///< from the fork to its "listening on" line
    pid_t pid() const { return m_pid; }
    /// SIGTERM (SIGKILL after 10 s); its wait status.
    int stop() {
        int status = 0;
        if (m_pid > 0) status = stopProcess(m_pid, 10'000).second;
        m_pid = -1;
        if (m_drain.joinable()) m_drain.join();
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
        return status;
    }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    int m_port = 0;
    double m_startMs = 0;
    std::thread m_drain;
};

/// Runs a program to its end, its output to a file; its exit code (-1 if it did not exit).
int runToEnd(const std::vector<std::string>& args, const fs::path& log) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const pid_t pid = spawn(args, environmentWith(""), fd, fd);
    ::close(fd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// [SECTION] A browser's worth of cookies over httplib

/// One client: its own connection (kept alive) and cookies, signed in through the form.
class WebClient {
public:
    explicit WebClient(int port) : m_http("127.0.0.1", port) {
        m_http.set_keep_alive(true);
        m_http.set_connection_timeout(10);
        m_http.set_read_timeout(60);
        m_http.set_write_timeout(60);
    }
    httplib::Result get(const std::string& path) {
        auto r = m_http.Get(path, headers());
        keep(r);
        return r;
    }
    httplib::Result post(const std::string& path, const httplib::Params& form) {
        auto r = m_http.Post(path, headers(), form);
        keep(r);
        return r;
    }
    httplib::Result upload(const std::vector<fs::path>& files) {
        httplib::MultipartFormDataItems items{{"csrf", m_csrf, "", ""}};
        for (const fs::path& f : files)
            items.push_back({"files", slurp(f), f.filename().string(), "application/octet-stream"});
        httplib::Headers h = headers();
        h.emplace("X-Requested-With", "fetch");  // as the page's script asks: the rows only
        auto r = m_http.Post("/upload", h, items);
        keep(r);
        return r;
    }
    /// GET /signin, then its form posted; true if it went on to a page (303) with a session.
    bool signIn(const std::string& name, const std::string& password) {
        auto page = get("/signin");
        if (!page || page->status != 200 || !readToken(page->body)) return false;
        auto r = post("/signin", {{"name", name}, {"password", password}, {"csrf", m_csrf}});
        if (!r || r->status != 303 || m_cookies.count("hl_session") == 0) return false;
        auto next = get("/upload");  // the token of the session's forms
        return next && next->status == 200 && readToken(next->body);
    }

private:
    httplib::Headers headers() const {
        std::string cookie;
        for (const auto& [k, v] : m_cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
        httplib::Headers h;
        if (!cookie.empty()) h.emplace("Cookie", cookie);
        return h;
    }
    void keep(const httplib::Result& r) {
        if (!r) return;
        for (auto [it, end] = r->headers.equal_range("Set-Cookie"); it != end; ++it) {
            const std::string& c = it->second;
            const auto eq = c.find('='), semi = c.find(';');
            if (eq == std::string::npos) continue;
            const std::string name = c.substr(0, eq), value = c.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
            if (value.empty() || c.find("Max-Age=0") != std::string::npos)
                m_cookies.erase(name);
            else
                m_cookies[name] = value;
        }
    }
    bool readToken(const std::string& html) {
        static const std::regex input(R"(<input[^>]*name="csrf"[^>]*>)"), value(R"(value="([^"]*)\")");
        std::smatch m, v;
        if (!std::regex_search(html, m, input)) return false;
        const std::string tag = m[0];
        if (!std::regex_search(tag, v, value)) return false;
        m_csrf = v[1];
        return true;
    }

    httplib::Client m_http;
    std::map<std::string, std::string> m_cookies;
    std::string m_csrf;
};

void putAdmin(core::HqStore& hq) {
    core::HqAccount a;
    a.name = Admin;
    a.role = "admin";
    a.passwordHash = core::hashPassword(Password);
    a.displayName = "hailong-bench";
    hq.putAccount(a);
}

// [SECTION] a. fifty clients on the overview

void loadOverview(const Options& o, const fs::path& db) {
    Server server(o.hailong, db);
    note(format("(hq serve pid %d on port %d, listening %.2f s after its start; store %s)",
                static_cast<int>(server.pid()), server.port(), server.startMs() / 1000, db.c_str()));
    {
        WebClient first(server.port());
        if (!first.signIn(Admin, Password)) return failed("the admin could not sign in");
        const auto t0 = Steady::now();
        auto r = first.get("/overview");
        const double ms = msSince(t0);
        if (!r || r->status != 200 || r->body.find("id=\"headline\"") == std::string::npos)
            return failed(format("the first /overview: %s", r ? std::to_string(r->status).c_str() : "no answer"));
        row("the first /overview after the start", format("%.0f ms", ms));
    }

    const int clients = o.webClients;
    std::vector<std::unique_ptr<WebClient>> web;
    const auto s0 = Steady::now();
    {
        std::vector<std::thread> threads;
        std::vector<char> ok(static_cast<std::size_t>(clients), 0);
        for (int i = 0; i < clients; ++i) web.push_back(std::make_unique<WebClient>(server.port()));
        for (int i = 0; i < clients; ++i)
            threads.emplace_back([&, i] { ok[static_cast<std::size_t>(i)] = web[static_cast<std::size_t>(i)]->signIn(Admin, Password); });
        for (std::thread& t : threads) t.join();
        const auto signedIn = std::count(ok.begin(), ok.end(), 1);
        if (signedIn != clients) return failed(format("%ld of %d clients signed in", static_cast<long>(signedIn), clients));
    }
    note(format("(%d clients signed in at once in %.1f s: argon2id, two at a time)", clients, msSince(s0) / 1000));

    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
    std::atomic<long> errors{0};
    std::mutex firstErrorMutex;
    std::string firstError;
    const long long cpu0 = cpuTicks(server.pid());
    const auto start = Steady::now();
    const auto deadline = start + std::chrono::milliseconds(static_cast<long long>(o.webSeconds * 1000));
    {
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i)
            threads.emplace_back([&, i] {
                WebClient& c = *web[static_cast<std::size_t>(i)];
                std::vector<double>& mine = latencies[static_cast<std::size_t>(i)];
                while (Steady::now() < deadline) {
                    const auto t0 = Steady::now();
                    auto r = c.get("/overview");
                    mine.push_back(msSince(t0));
                    if (!r || r->status != 200 || r->body.find("id=\"headline\"") == std::string::npos) {
                        ++errors;
                        std::lock_guard<std::mutex> lock(firstErrorMutex);
                        if (firstError.empty())
                            firstError = r ? format("status %d", r->status) : httplib::to_string(r.error());
                    }
                }
            });
        for (std::thread& t : threads) t.join();
    }
    const double seconds = msSince(start) / 1000;
    const double cpu = static_cast<double>(cpuTicks(server.pid()) - cpu0) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    const double p50 = percentile(all, 0.50), p99 = percentile(all, 0.99), max = maxOf(all);
    row(format("/overview, %d clients for %.0f s", clients, seconds),
        format("%.0f req/s, %zu requests", static_cast<double>(all.size()) / seconds, all.size()));
    row("  latency p50 / p99 / max", format("%.0f / %.0f / %.0f ms", p50, p99, max), "p99 500 ms", p99 <= 500);
    row("  errors (not 200 with the headline)",
        format("%ld%s", errors.load(), firstError.empty() ? "" : (" (first: " + firstError + ")").c_str()), "0",
        errors.load() == 0);
    note(format("(the server used %.1f s of CPU in that time, %.0f%% of one core; RSS %.0f MB at the end)", cpu,
                100 * cpu / seconds, smapsMb(server.pid(), "Rss")));
    const int status = server.stop();
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        failed(format("hq serve did not end with 0 on SIGTERM (wait status %d)", status));
}

// [SECTION] b. the demo's files uploaded, beside hq import

struct Counts {
    std::map<std::string, int> byStatus;  ///< stored, known, refused, trusted
    int rows = 0;
};

/// The statuses of the results rows (tr.result with td.status.<status>) of an upload's answer.
void countRows(const std::string& html, Counts& c) {
    static const std::regex status(R"re(<td[^>]*class="([^"]*\bstatus\b[^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), status); it != std::sregex_iterator(); ++it) {
        ++c.rows;
        std::string word = "?";
        for (const char* s : {"stored", "known", "refused", "trusted"})
            if (std::regex_search((*it)[1].str(), std::regex(std::string("\\b") + s + "\\b"))) word = s;
        ++c.byStatus[word];
    }
}

std::string describe(const Counts& c) {
    std::string out;
    for (const auto& [k, v] : c.byStatus) out += (out.empty() ? "" : ", ") + std::to_string(v) + " " + k;
    return out;
}

void uploadDemo(const Options& o, const fs::path& dir) {
    const fs::path demo = dir / "demo";
    const auto d0 = Steady::now();
    if (runToEnd({o.hailong, "demo", "--out", demo.string()}, dir / "demo.log") != 0)
        return failed("hailong demo failed: " + slurp(dir / "demo.log"));
    std::vector<fs::path> keys, batches;
    for (const auto& e : fs::directory_iterator(demo / "keys"))
        if (e.path().extension() == ".key") keys.push_back(e.path());
    for (const auto& e : fs::directory_iterator(demo / "batches"))
        if (e.path().extension() == ".hlbatch") batches.push_back(e.path());
    std::sort(keys.begin(), keys.end());
    std::sort(batches.begin(), batches.end());
    std::uintmax_t bytes = 0;
    for (const fs::path& b : batches) bytes += fs::file_size(b);
    note(format("(hailong demo: %zu keys, %zu batches, %.1f MB, made in %.1f s, untimed)", keys.size(), batches.size(),
                static_cast<double>(bytes) / 1e6, msSince(d0) / 1000));

    // hq import into a store of its own.
    const fs::path cliDb = dir / "cli.db";
    std::vector<std::string> trust{o.hailong, "hq", "trust", "--db", cliDb.string()};
    for (const fs::path& k : keys) trust.push_back(k.string());
    if (runToEnd(trust, dir / "trust.log") != 0) return failed("hq trust failed: " + slurp(dir / "trust.log"));
    ::sync();
    const auto c0 = Steady::now();
    const int imported = runToEnd({o.hailong, "hq", "import", "--db", cliDb.string(), (demo / "batches").string()},
                                  dir / "import.log");
    const double cliMs = msSince(c0);
    const std::string log = slurp(dir / "import.log");
    std::smatch m;
    static const std::regex summary(R"(files: (\d+) ok, (\d+) refused)");
    if (imported != 0 || !std::regex_search(log, m, summary)) return failed("hq import: " + log);
    const int cliOk = std::stoi(m[1]), cliRefused = std::stoi(m[2]);
    row(format("hq import of the demo's %zu batch files", batches.size()), format("%.2f s", cliMs / 1000));

    // The same through the web, into a fresh store.
    const fs::path webDb = dir / "web.db";
    {
        core::SqliteHqStore hq(webDb);
        putAdmin(hq);
    }
    Server server(o.hailong, webDb);
    WebClient client(server.port());
    if (!client.signIn(Admin, Password)) return failed("the admin could not sign in for the upload");
    Counts keyCounts, batchCounts;
    const auto k0 = Steady::now();
    auto r = client.upload(keys);
    if (!r || r->status != 200) return failed(format("POST /upload of the keys: %s", r ? std::to_string(r->status).c_str() : "no answer"));
    countRows(r->body, keyCounts);
    const double keysMs = msSince(k0);
    const auto u0 = Steady::now();
    int requests = 0;
    for (std::size_t i = 0; i < batches.size();) {
        std::vector<fs::path> chunk;
        std::uintmax_t size = 0;
        while (i < batches.size() && chunk.size() < UploadChunkFiles &&
               (chunk.empty() || size + fs::file_size(batches[i]) <= UploadChunkBytes)) {
            size += fs::file_size(batches[i]);
            chunk.push_back(batches[i++]);
        }
        auto a = client.upload(chunk);
        ++requests;
        if (!a || a->status != 200)
            return failed(format("POST /upload of batches %zu-%zu: %s", i - chunk.size() + 1, i,
                                 a ? std::to_string(a->status).c_str() : httplib::to_string(a.error()).c_str()));
        countRows(a->body, batchCounts);
    }
    const double webMs = msSince(u0);
    row(format("the same through POST /upload, %d requests", requests),
        format("%.2f s, %.1fx hq import", webMs / 1000, webMs / cliMs));
    note(format("(keys: %zu in one request, %.2f s: %s; batches: %s; hq import: %d ok, %d refused)", keys.size(),
                keysMs / 1000, describe(keyCounts).c_str(), describe(batchCounts).c_str(), cliOk, cliRefused));
    const int stored = batchCounts.byStatus["stored"], known = batchCounts.byStatus["known"],
              refused = batchCounts.byStatus["refused"];
    if (keyCounts.byStatus["trusted"] != static_cast<int>(keys.size()) ||
        batchCounts.rows != static_cast<int>(batches.size()) || stored + known != cliOk || refused != cliRefused)
        failed("the upload's results are not hq import's: " + describe(batchCounts));
}

}  // namespace

// [SECTION] 11. headquarters in the browser

void webSection(const Options& o) {
    if (o.hailong.empty()) return note("11. web: no hailong program (--hailong): skipped");
    const int kiosks = TwoLevelState::kiosksFor(o.reportResponses);
    section(format("11. hq serve: /overview over %d responses, %d clients; the demo's files uploaded",
                   kiosks * TwoLevelState::PerBatch * TwoLevelState::Batches, o.webClients));
    TempDir dir(o.dir, "hailong-bench-web-");
    fs::path db = o.provinceDb.empty() ? dir.path() / "hq.db" : fs::path(o.provinceDb);
    if (!o.provinceDb.empty() && fs::exists(db)) {
        core::SqliteHqStore kept(db);
        note(format("(the store of an earlier run: %s, %lld responses)", db.c_str(),
                    static_cast<long long>(kept.responseCount())));
        putAdmin(kept);
    } else {  // section 7's data
        const TwoLevelState state;
        const auto fill0 = Steady::now();
        const MadeBatches made = state.write(dir.path(), dir.path() / "batches", kiosks);
        core::SqliteHqStore hq(db);
        state.prepare(hq, made);
        const core::ImportSummary imported = core::importBatchFiles(hq, core::batchFilesIn({dir.path() / "batches"}),
                                                                    TwoLevelState::T0 + 800LL * 86'400'000);
        fs::remove_all(dir.path() / "batches");
        putAdmin(hq);
        hq.sync();
        note(format("(%lld responses written and imported in %.1f s, untimed)",
                    static_cast<long long>(imported.newResponses), msSince(fill0) / 1000));
    }
    ::sync();
    loadOverview(o, db);
    uploadDemo(o, dir.path());
}

}  // namespace hailong::bench
