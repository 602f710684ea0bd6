// hailong hq serve: headquarters in the browser (issue 18, docs/web.md). A thin layer: cpp-httplib
// reads HTTP, this file fills a core::WebRequest, core::WebApp applies every rule and this file
// writes its WebResponse back. What is the server's own part: a cap on what a request may send
// (413), slow clients dropped after 10 s, 64 worker threads, a clean stop on SIGTERM or SIGINT.
#include "base/clock.h"
#include "base/data_dir.h"
#include "commands.h"
#include "hq_keys_option.h"
#include "hq_options.h"
#include "web/web_app.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr std::size_t MiB = 1024 * 1024;
constexpr int WorkerThreads = 64;            ///< 64 keep-alive clients served at once
constexpr std::time_t ReadTimeoutSec = 10;   ///< a client silent this long mid-request is dropped
constexpr std::int64_t IdleGraceMs = 1000;   ///< at a stop, how long idle connections may linger
constexpr std::int64_t BusyGraceMs = 30000;  ///< ... and requests being answered

struct ServeArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::string listen = "127.0.0.1:8080";
    fs::path tlsCert, tlsKey;
    std::size_t maxUploadMb = 256;
    bool verbose = false;
    fs::path keys;  ///< headquarters' key folder: uploads' sealed comments opened (hq_keys_option.h)
};

struct ListenAddress {
    std::string host;
    int port = 0;
};

/// "HOST:PORT" or "[IPv6]:PORT", the port 0-65535; nothing if malformed.
std::optional<ListenAddress> parseListen(const std::string& text) {
    std::string host, port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs brackets
    }
    if (host.empty() || port.empty() || port.size() > 5) return std::nullopt;
    for (char c : port)
        if (c < '0' || c > '9') return std::nullopt;
    const int number = std::stoi(port);
    if (number > 65535) return std::nullopt;
    return ListenAddress{host, number};
}

bool isLoopback(std::string_view address) {
    if (address.rfind("::ffff:", 0) == 0) address.remove_prefix(7);  // IPv4 on an IPv6 socket
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// application/x-www-form-urlencoded: '+' is a space, %XX a byte; a stray '%' stays as it is.
std::string decodeComponent(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hexDigit(s[i + 1]) >= 0 && hexDigit(s[i + 2]) >= 0) {
            out += static_cast<char>(hexDigit(s[i + 1]) * 16 + hexDigit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// "a=1&b=x+y" as decoded pairs, in order; a name without '=' has the value "".
Fields decodeForm(std::string_view text) {
    Fields fields;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) fields.emplace_back(decodeComponent(pair), std::string());
        else fields.emplace_back(decodeComponent(pair.substr(0, eq)), decodeComponent(pair.substr(eq + 1)));
    }
    return fields;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// "a=1; b=2" into the map; the first of a name wins; quotes around a value dropped.
void addCookies(std::string_view header, std::map<std::string, std::string>& cookies) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        const std::string_view item = trimmed(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view name = trimmed(item.substr(0, eq));
        std::string_view value = trimmed(item.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (!name.empty()) cookies.emplace(std::string(name), std::string(value));
    }
}

/// A path or method as it may go into the log: no control characters (a decoded %0A).
std::string printable(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

bool hasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool equalsNoCase(std::string_view a, std::string_view b) { return a.size() == b.size() && startsWithNoCase(a, b); }

/// The short bilingual text of an error the library raised itself (the application's own error
/// pages have a body and are left alone).
std::optional<std::string> libraryErrorText(int status, std::size_t maxUploadMb) {
    switch (status) {
    case 400: return std::string("Yêu cầu không hợp lệ.\nBad request.\n");
    case 413:
        return "Dữ liệu gửi lên quá lớn: tối đa " + std::to_string(maxUploadMb) +
               " MB mỗi lần.\nThe upload is too large: at most " + std::to_string(maxUploadMb) + " MB at a time.\n";
    case 414: return std::string("Địa chỉ quá dài.\nThe address is too long.\n");
    case 500: return std::string("Lỗi máy chủ; xin thử lại sau.\nServer error; please try again later.\n");
    default: return std::nullopt;
    }
}

/// What the application sees of a request, but its body. Behind a reverse proxy on this host
/// (nginx, docs/web.md), X-Forwarded-Proto and X-Forwarded-For are believed from a loopback peer only.
core::WebRequest requestOf(const httplib::Request& req, bool tls) {
    core::WebRequest in;
    in.method = req.method == "HEAD" ? "GET" : req.method;  // the library drops the body of a HEAD
    in.path = req.path;                                     // decoded by the library
    if (const auto q = req.target.find('?'); q != std::string::npos)
        in.query = decodeForm(std::string_view(req.target).substr(q + 1));
    for (std::size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i)
        addCookies(req.get_header_value("Cookie", i), in.cookies);
    in.remoteAddress = req.remote_addr;
    in.secure = tls;
    if (isLoopback(req.remote_addr)) {
        if (req.get_header_value("X-Forwarded-Proto") == "https") in.secure = true;
        // nginx's $proxy_add_x_forwarded_for: the last address is the one nginx itself saw.
        const std::string forwarded = req.get_header_value("X-Forwarded-For");
        const auto comma = forwarded.rfind(',');
        const std::string_view last = trimmed(
            comma == std::string::npos ? std::string_view(forwarded) : std::string_view(forwarded).substr(comma + 1));
        if (!last.empty()) in.remoteAddress = std::string(last);
    }
    in.wantsFragment = req.get_header_value("X-Requested-With") == "fetch";
    return in;
}

/// Reads the body through the library's reader into `in` (form fields, files), at most `limit`
/// bytes (a body without Content-Length, chunked or read to the end, included). False when it
/// could not: res.status then says why (413, 400).
bool readBody(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
              std::size_t limit, core::WebRequest& in) {
    std::size_t total = 0;
    bool tooLarge = false;
    const auto count = [&](std::size_t n) {
        total += n;
        tooLarge = total > limit;
        return !tooLarge;
    };
    bool ok = false;
    if (req.is_multipart_form_data()) {
        httplib::MultipartFormData part;
        std::string content;
        bool inPart = false;
        const auto finish = [&] {
            if (!inPart) return;
            if (part.filename.empty()) in.form.emplace_back(part.name, std::move(content));
            else in.files.push_back(core::UploadedFile{part.filename, std::move(content)});
            content.clear();
            inPart = false;
        };
        ok = reader(
            [&](const httplib::MultipartFormData& header) {
                finish();
                part = header;
                inPart = true;
                return count(header.name.size() + header.filename.size());
            },
            [&](const char* data, std::size_t n) {
                if (!count(n)) return false;
                content.append(data, n);
                return true;
            });
        if (ok) finish();
    } else {
        std::string body;
        ok = reader([&](const char* data, std::size_t n) {
            if (!count(n)) return false;
            body.append(data, n);
            return true;
        });
        if (ok && startsWithNoCase(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded"))
            in.form = decodeForm(body);
    }
    if (ok) return true;
    if (tooLarge) res.status = 413;
    else if (res.status < 400) res.status = 400;
    res.set_header("Connection", "close");
    return false;
}

void writeResponse(core::WebResponse&& out, httplib::Response& res) {
    res.status = out.status;
    for (auto& [name, value] : out.headers) {
        if (hasLineBreak(name) || hasLineBreak(value)) {  // never split a response
            std::cerr << "hailong hq serve: header " << printable(name) << " with a line break dropped\n";
            continue;
        }
        if (equalsNoCase(name, "Content-Type") || equalsNoCase(name, "Content-Length")) continue;  // from the fields
        res.headers.emplace(name, value);  // a multimap: several Set-Cookie
    }
    res.body = std::move(out.body);
    res.set_header("Content-Type", out.contentType);
}

/// Serves until SIGTERM or SIGINT. The signals are blocked in every thread (the workers inherit
/// the mask) and taken here with sigtimedwait: no handler, nothing unsafe in a signal context.
int serve(httplib::Server& server, const ServeArgs& a, const ListenAddress& address, bool tls,
          const std::atomic<int>& busy, const sigset_t& stopSignals) {
    const int port = address.port == 0 ? server.bind_to_any_port(address.host)
                                       : (server.bind_to_port(address.host, address.port) ? address.port : -1);
    if (port <= 0) {
        std::cerr << "hailong hq serve: cannot listen on " << a.listen
                  << " (the port in use, or not an address of this machine; không mở được cổng)\n";
        return ExitFailed;
    }
    if (!tls && !isLoopback(address.host))
        std::cerr << "hailong hq serve: WARNING: listening on " << address.host
                  << " without TLS: passwords and session cookies cross the network unencrypted. Put nginx with TLS "
                     "in front (docs/web.md) or give --tls-cert and --tls-key (CẢNH BÁO: không mã hóa)\n";
    const std::string host = address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
    std::cout << "listening on " << (tls ? "https" : "http") << "://" << host << ":" << port
              << "/ (stop with Ctrl+C or SIGTERM)" << std::endl;

    std::atomic<bool> done{false};
    std::thread listener([&] {
        server.listen_after_bind();
        done = true;
    });
    int caught = 0;
    while (!done && caught <= 0) {
        const timespec tick{0, 100 * 1000 * 1000};
        caught = ::sigtimedwait(&stopSignals, nullptr, &tick);
    }
    if (caught > 0) {
        // stop() before the listener runs would be lost: wait for it to run (or to have failed).
        while (!done && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (!done) server.stop();
        // Requests being answered finish; connections only waiting (keep-alive, a slow client's
        // half request) would hold the stop for up to 10 s: they are dropped after a second.
        const auto start = std::chrono::steady_clock::now();
        while (!done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
            if ((busy == 0 && ms >= IdleGraceMs) || ms >= BusyGraceMs) {
                std::cerr << "hailong hq serve: stopped (" << (busy == 0 ? "idle connections dropped" : "requests cut")
                          << "; đã dừng)" << std::endl;
                std::cout.flush();
                std::_Exit(ExitOk);  // the workers still hold the server: no destructor may run
            }
        }
    }
    listener.join();
    if (caught <= 0) {
        std::cerr << "hailong hq serve: the server stopped by itself (máy chủ tự dừng)\n";
        return ExitFailed;
    }
    std::cerr << "hailong hq serve: stopped (đã dừng)\n";
    return ExitOk;
}

int runServe(const ServeArgs& a) {
    const auto address = parseListen(a.listen);
    if (!address) {
        std::cerr << "hailong hq serve: --listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, not \""
                  << a.listen << "\" (địa chỉ không hợp lệ)\n";
        return ExitUsage;
    }
    if (a.tlsCert.empty() != a.tlsKey.empty()) {
        std::cerr << "hailong hq serve: --tls-cert and --tls-key go together (cần cả hai)\n";
        return ExitUsage;
    }
    if (a.maxUploadMb == 0 || a.maxUploadMb > 4096) {
        std::cerr << "hailong hq serve: --max-upload-mb must be 1 to 4096\n";
        return ExitUsage;
    }
    const bool tls = !a.tlsCert.empty();
    const std::size_t maxBytes = a.maxUploadMb * MiB;

    // Before any thread starts, so that every thread inherits the mask.
    sigset_t stopSignals, previous;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &stopSignals, &previous);
    ::signal(SIGPIPE, SIG_IGN);  // a client gone while TLS writes to it

    int result = ExitFailed;
    try {
        const core::SystemClock clock;
        core::WebOptions options;
        options.maxUploadBytes = maxBytes;
        std::string noKeys;
        if (auto secrets = loadBoxSecrets(hqKeysFolder(a.keys), &noKeys)) options.boxSecretFor = std::move(*secrets);
        else std::cerr << "hailong hq serve: " << noKeys << "\n";
        core::WebApp app([db = a.db] { return openHqStore(db); }, clock, options);

        std::unique_ptr<httplib::Server> server;
        if (tls) server = std::make_unique<httplib::SSLServer>(a.tlsCert.c_str(), a.tlsKey.c_str());
        else server = std::make_unique<httplib::Server>();
        if (!server->is_valid()) {
            std::cerr << "hailong hq serve: cannot use " << a.tlsCert.string() << " and " << a.tlsKey.string()
                      << " (PEM certificate and its private key; không đọc được chứng chỉ)\n";
            ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
            return ExitFailed;
        }
        server->new_task_queue = [] { return new httplib::ThreadPool(WorkerThreads); };
        server->set_read_timeout(ReadTimeoutSec, 0);
        server->set_keep_alive_max_count(100);
        // Small responses go out at once: with Nagle's algorithm, a kept-alive connection waited
        // for the client's delayed ACK, about 40 ms on every request.
        server->set_tcp_nodelay(true);
        server->set_payload_max_length(maxBytes);

        std::atomic<int> busy{0};
        const httplib::Server::Handler handle = [&](const httplib::Request& req, httplib::Response& res) {
            ++busy;
            core::WebRequest in = requestOf(req, tls);
            try {
                writeResponse(app.handle(in), res);
            } catch (const std::exception& e) {
                std::cerr << "hailong hq serve: " << printable(in.method) << " " << printable(in.path) << ": "
                          << e.what() << "\n";
                res.status = 500;
            }
            --busy;
        };
        const httplib::Server::HandlerWithContentReader handleWithBody =
            [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                ++busy;
                core::WebRequest in = requestOf(req, tls);
                try {
                    if (readBody(req, res, reader, maxBytes, in)) writeResponse(app.handle(in), res);
                } catch (const std::exception& e) {
                    std::cerr << "hailong hq serve: " << printable(in.method) << " " << printable(in.path) << ": "
                              << e.what() << "\n";
                    res.status = 500;
                }
                --busy;
            };
        // Every method and path to the application (GET serves HEAD too).
        server->Get(".*", handle);
        server->Options(".*", handle);
        server->Post(".*", handleWithBody);
        server->Put(".*", handleWithBody);
        server->Patch(".*", handleWithBody);
        server->Delete(".*", handleWithBody);
        const std::size_t maxMb = a.maxUploadMb;
        server->set_error_handler(
            httplib::Server::HandlerWithResponse([maxMb](const httplib::Request&, httplib::Response& res) {
                if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // the application's page
                const auto text = libraryErrorText(res.status, maxMb);
                if (!text) return httplib::Server::HandlerResponse::Unhandled;
                res.set_content(*text, "text/plain; charset=utf-8");
                return httplib::Server::HandlerResponse::Handled;
            }));
        if (a.verbose) {
            // One line per request: method, path (never its query: sign-in forms, tokens), status,
            // milliseconds from the end of its headers. Never a cookie.
            static thread_local std::chrono::steady_clock::time_point started;
            static thread_local bool timed = false;
            server->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
                started = std::chrono::steady_clock::now();
                timed = true;
                return httplib::Server::HandlerResponse::Unhandled;
            });
            static std::mutex logMutex;
            server->set_logger([](const httplib::Request& req, const httplib::Response& res) {
                std::string line = req.method.empty() ? std::string("(unreadable request)")
                                                      : printable(req.method) + " " + printable(req.path);
                line += " " + std::to_string(res.status);
                if (timed) {
                    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count();
                    line += " " + std::to_string(ms) + " ms";
                }
                timed = false;
                const std::lock_guard<std::mutex> lock(logMutex);
                std::cerr << line << "\n";
            });
        }
        // The whole country's figures made while the server already answers: the first overview
        // over ten million responses does not wait for its report.
        std::thread warmer([&app] {
            try {
                app.warm();
            } catch (const std::exception& e) {
                std::cerr << "hailong hq serve: the figures could not be made ahead: " << e.what() << "\n";
            }
        });
        result = serve(*server, a, *address, tls, busy, stopSignals);
        warmer.join();
    } catch (const std::exception& e) {
        std::cerr << "hailong hq serve: " << e.what() << "\n";
        result = ExitFailed;
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return result;
}

}  // namespace

void addServeCommand(CLI::App& hq, int& exitCode) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* cmd = hq.add_subcommand(
        "serve", "Headquarters in the browser: sign-in, figures by unit, uploads of batch files, accounts "
                 "(docs/web.md). Plain HTTP on 127.0.0.1:8080 by default, for nginx with TLS in front; make the "
                 "first account with `hailong hq user add`.");
    cmd->add_option("--db", args->db, DbHelp)->capture_default_str();
    cmd->add_option("--listen", args->listen,
                    "HOST:PORT to listen on ([::1]:8080 for IPv6; port 0: any free port, printed). Another address "
                    "than loopback without TLS is allowed, with a warning: the traffic is then unencrypted")
        ->capture_default_str();
    cmd->add_option("--tls-cert", args->tlsCert, "TLS certificate (PEM, the chain): serve HTTPS (with --tls-key)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--tls-key", args->tlsKey, "The certificate's private key (PEM)")->check(CLI::ExistingFile);
    cmd->add_option("--max-upload-mb", args->maxUploadMb,
                    "The most a request may send, in MiB (uploads of batch files); more is refused with 413")
        ->capture_default_str();
    cmd->add_option("--keys", args->keys, HqKeysHelp);
    cmd->add_flag("--verbose", args->verbose,
                  "One line per request on standard error: method, path (never the query), status, milliseconds");
    cmd->callback([args, &exitCode] { exitCode = runServe(*args); });
}

}  // namespace hailong::cli
