// The web application: store pool, figures cache, sessions, sign-in, and the routes to the
// views (web_app.h). The views are in web_views.cpp, web_upload.cpp and web_admin.cpp.
#include "web/web_app.h"

#include "base/civil_date.h"
#include "hq/hq_tally.h"  // localDay
#include "hq/unit_registry.h"
#include "web_parts.h"

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <vector>

namespace hailong::core {

namespace {

/// At most `max` stores open; a request borrows one and gives it back.
class StorePool {
public:
    StorePool(StoreOpener open, std::size_t max) : m_open(std::move(open)), m_max(std::max<std::size_t>(1, max)) {}

    struct Lease {
        StorePool* pool;
        std::unique_ptr<HqStore> store;
        Lease(StorePool* p, std::unique_ptr<HqStore> s) : pool(p), store(std::move(s)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (store) pool->giveBack(std::move(store));
        }
    };

    Lease borrow() {
        std::unique_lock lock(m_mutex);
        m_free.wait(lock, [&] { return !m_idle.empty() || m_open_count < m_max; });
        if (!m_idle.empty()) {
            auto s = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(this, std::move(s));
        }
        ++m_open_count;
        lock.unlock();
        try {
            return Lease(this, m_open());
        } catch (...) {
            std::lock_guard again(m_mutex);
            --m_open_count;
            m_free.notify_one();
            throw;
        }
    }

private:
    void giveBack(std::unique_ptr<HqStore> s) {
        {
            std::lock_guard lock(m_mutex);
            m_idle.push_back(std::move(s));
        }
        m_free.notify_one();
    }

    StoreOpener m_open;
    const std::size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_free;
    std::vector<std::unique_ptr<HqStore>> m_idle;
    std::size_t m_open_count = 0;
};

/// Values made once per store version and key, shared between requests; while one request
/// makes a value, the others asking for it wait for that one (fifty analysts opening the
/// overview at nine o'clock cost one report).
template <class T>
class VersionedCache {
public:
    using Ptr = std::shared_ptr<const T>;
    Ptr get(const std::string& version, const std::string& key, const std::function<T()>& make) {
        std::promise<Ptr> promise;
        std::shared_future<Ptr> future;
        bool mine = false;
        std::uint64_t ticket = 0;
        {
            std::lock_guard lock(m_mutex);
            if (version != m_version) {  // the data changed: everything made before is stale
                m_entries.clear();
                m_version = version;
            }
            const auto it = m_entries.find(key);
            if (it != m_entries.end()) {
                future = it->second.value;
            } else {
                if (m_entries.size() >= 512) m_entries.clear();
                future = promise.get_future().share();
                ticket = ++m_tickets;
                m_entries.emplace(key, Entry{ticket, future});
                mine = true;
            }
        }
        if (mine) {
            try {
                promise.set_value(std::make_shared<const T>(make()));
            } catch (...) {
                promise.set_exception(std::current_exception());
                std::lock_guard lock(m_mutex);
                if (const auto it = m_entries.find(key); it != m_entries.end() && it->second.ticket == ticket)
                    m_entries.erase(it);  // the next request tries again
            }
        }
        return future.get();  // the maker's exception, if it failed
    }

private:
    std::mutex m_mutex;
    std::string m_version;
    struct Entry {
        std::uint64_t ticket;  ///< which call made it
        std::shared_future<Ptr> value;
    };
    std::map<std::string, Entry> m_entries;
    std::uint64_t m_tickets = 0;
};

}  // namespace

struct WebApp::Impl {
    Impl(StoreOpener open, const Clock& c, WebOptions o)
        : clock(c),
          options(o),
          pool(std::move(open), o.storeConnections),
          sessions(c, o.sessionIdleMs, o.sessionMaxMs),
          throttle(c) {}
    const Clock& clock;
    WebOptions options;
    StorePool pool;
    Sessions sessions;
    SignInThrottle throttle;
    VersionedCache<web::Figures> figures;
    VersionedCache<UnitRegistry> registries;
    /// A hash no password matches, checked when the name is unknown: a wrong name costs as long
    /// as a wrong password, so names cannot be told apart by timing.
    std::string dummyHash = hashPassword(randomToken());

    WebResponse route(web::Ctx& c);
    WebResponse signInForm(web::Ctx& c, const Text& message, int status = 200);
    WebResponse signIn(web::Ctx& c);
};

WebApp::WebApp(StoreOpener openStore, const Clock& clock, WebOptions options)
    : m_impl(std::make_unique<Impl>(std::move(openStore), clock, options)) {}
WebApp::~WebApp() = default;
const WebOptions& WebApp::options() const { return m_impl->options; }

namespace {
void addSecurityHeaders(WebResponse& r) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "same-origin");
    bool cacheSet = false;
    for (const auto& [k, v] : r.headers) cacheSet = cacheSet || k == "Cache-Control";
    if (!cacheSet) r.headers.emplace_back("Cache-Control", "no-store");
}

std::string figuresKey(const web::ViewQuery& v, std::int64_t today) {
    return v.unit + "|" + v.fromMonth + "|" + v.toMonth + "|" + std::to_string(today);
}

/// Where to go after signing in: a path of ours only ("/units?unit=40"), never another site.
std::string safeNext(const std::string& next) {
    if (next.size() < 2 || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
        next.find_first_of("\r\n\\") != std::string::npos)
        return "/overview";
    return next;
}
}  // namespace

void WebApp::warm() {
    auto lease = m_impl->pool.borrow();
    const std::int64_t today = localDay(m_impl->clock.wallMs(), m_impl->clock.utcOffsetMinutes());
    const web::ViewQuery whole;
    m_impl->figures.get(lease.store->dataVersion(), figuresKey(whole, today),
                        [&] { return web::computeFigures(*lease.store, whole, today); });
}

WebResponse WebApp::handle(const WebRequest& request) {
    WebResponse r;
    Language lang = Language::Vi;
    const std::string asked = request.param("lang");
    if (const auto l = languageFromCode(asked.empty() ? request.cookie("hl_lang") : asked)) lang = *l;
    try {
        if (request.path == "/static/style.css" || request.path == "/static/upload.js") {
            const bool css = request.path == "/static/style.css";
            r.contentType = css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            r.body = css ? web::styleSheet() : web::uploadScript();
            r.headers.emplace_back("Cache-Control", "public, max-age=3600");
        } else {
            auto lease = m_impl->pool.borrow();
            HqStore& store = *lease.store;
            const std::string version = store.dataVersion();
            const std::int64_t today = localDay(m_impl->clock.wallMs(), m_impl->clock.utcOffsetMinutes());
            web::Ctx c{request, lang, nullptr, store, m_impl->clock, m_impl->options, m_impl->sessions, today, {}, {}};
            c.registry = m_impl->registries.get(version, "registry", [&] { return store.registry(); });
            c.figures = [&, version, today](const web::ViewQuery& v) {
                return m_impl->figures.get(version, figuresKey(v, today),
                                           [&] { return web::computeFigures(store, v, today); });
            };
            r = m_impl->route(c);
        }
    } catch (const std::exception& e) {
        r = WebResponse{};
        r.status = 503;
        r.body = "<!DOCTYPE html><html lang=\"" + std::string(languageCode(lang)) +
                 "\"><meta charset=\"utf-8\"><title>Hài Lòng</title><p class=\"error\" id=\"message\">" +
                 web::esc(lang == Language::En
                              ? "Headquarters' data cannot be read just now; try again in a moment. "
                              : "Không đọc được dữ liệu của trung tâm lúc này; vui lòng thử lại sau. ") +
                 "(" + web::esc(e.what()) + ")</p></html>";
    }
    if (!asked.empty() && languageFromCode(asked)) r.setCookie("hl_lang", asked, request.secure, 365 * 86400);
    addSecurityHeaders(r);
    return r;
}

WebResponse WebApp::Impl::route(web::Ctx& c) {
    const WebRequest& q = c.req;
    const bool get = q.method == "GET" || q.method == "HEAD", post = q.method == "POST";
    if (q.path == "/signin") {
        if (post) return signIn(c);
        if (get) return signInForm(c, {});
    }
    // Everything else needs a live session of an account that may still sign in.
    std::optional<Session> session = sessions.find(q.cookie("hl_session"));
    std::optional<HqAccount> account = session ? c.store.account(session->account) : std::nullopt;
    const auto role = account ? roleFromName(account->role) : std::nullopt;
    if (session &&
        (!account || account->disabled || !role || account->passwordChangedUtcMs != session->passwordChangedUtcMs)) {
        sessions.endAllOf(session->account);
        session.reset();
    }
    if (!session) {
        if (q.wantsFragment) {  // the upload script: it shows this text
            WebResponse r;
            r.status = 401;
            r.body = web::esc(c.t(
                {"Phiên làm việc đã hết; vui lòng đăng nhập lại.", "Your session has ended; please sign in again."}));
            return r;
        }
        return WebResponse::redirect("/signin?next=" + web::urlEncode(c.here()));
    }
    web::Visitor visitor{*account, *role, *session};
    c.visitor = &visitor;
    if (post && !sameToken(q.param("csrf"), session->csrf))
        return web::refusedPage(c, {"Biểu mẫu đã cũ hoặc không gửi từ trang này (thiếu mã bảo vệ). Hãy mở lại trang "
                                    "và gửi lại.",
                                    "The form is stale or was not sent from this site (its protection token is "
                                    "missing). Open the page again and resend."});
    if (post && q.path == "/signout") {
        sessions.end(session->id);
        c.store.recordAudit({c.clock.wallMs(), account->name, "sign-out", q.remoteAddress});
        WebResponse r = WebResponse::redirect("/signin");
        r.clearCookie("hl_session", q.secure);
        return r;
    }
    if (get && (q.path == "/" || q.path.empty())) return WebResponse::redirect("/overview");
    if (get && q.path == "/overview") return web::overviewPage(c);
    if (get && q.path == "/units") return web::unitsPage(c);
    if (get && q.path == "/kiosks") return web::kiosksPage(c);
    if (get && q.path == "/comments") return web::commentsPage(c);
    if (get && q.path == "/download") return web::downloadFile(c);
    if (q.path == "/upload" && (get || post)) {
        if (!mayUpload(visitor.role))
            return web::refusedPage(c, {"Tài khoản chỉ xem không tải tệp lên được.", "A viewer cannot upload files."});
        return get ? web::uploadForm(c) : web::uploadPost(c);
    }
    if (q.path.rfind("/admin/", 0) == 0) {
        if (visitor.role != Role::Admin)
            return web::refusedPage(c, {"Trang này chỉ dành cho quản trị viên.", "This page is for administrators."});
        if (get && q.path == "/admin/users") return web::usersPage(c);
        if (get && q.path == "/admin/audit") return web::auditPage(c);
        if (post && q.path.rfind("/admin/users/", 0) == 0)
            return web::usersPost(c, q.path.substr(std::string("/admin/users/").size()));
    }
    return web::notFoundPage(c);
}

WebResponse WebApp::Impl::signInForm(web::Ctx& c, const Text& message, int status) {
    // Before a session exists, the form's token is a cookie of its own (double submit): a form
    // on another site cannot read it, and SameSite=Strict keeps the browser from sending it.
    std::string pre = c.req.cookie("hl_pre");
    const bool fresh = pre.size() != 43;
    if (fresh) pre = randomToken();
    std::string b = "<div class=\"signin card\"><h1>" + web::esc(c.t({"Đăng nhập", "Sign in"})) + "</h1>";
    b += "<p class=\"muted\">" +
         web::esc(c.t({"Trung tâm tổng hợp đánh giá mức độ hài lòng", "Satisfaction survey headquarters"})) + "</p>";
    if (!message.vi.empty())
        b += "<p class=\"message\" id=\"message\" role=\"alert\">" + web::esc(c.t(message)) + "</p>";
    b += "<form id=\"signin\" method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         web::esc(pre) + "\"><input type=\"hidden\" name=\"next\" value=\"" + web::esc(safeNext(c.req.param("next"))) +
         "\">";
    b += "<label>" + web::esc(c.t({"Tên đăng nhập", "Account name"})) +
         "<input type=\"text\" name=\"name\" autocomplete=\"username\" autocapitalize=\"none\" required value=\"" +
         web::esc(c.req.param("name")) + "\"></label>";
    b += "<label>" + web::esc(c.t({"Mật khẩu", "Password"})) +
         "<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>";
    b += "<button class=\"primary\" id=\"signin-submit\" type=\"submit\">" + web::esc(c.t({"Đăng nhập", "Sign in"})) +
         "</button></form></div>";
    WebResponse r = web::page(c, c.t({"Đăng nhập", "Sign in"}), "", std::move(b), status);
    if (fresh) r.setCookie("hl_pre", pre, c.req.secure);
    return r;
}

WebResponse WebApp::Impl::signIn(web::Ctx& c) {
    const WebRequest& q = c.req;
    const std::string name = q.param("name");
    const std::string address = q.remoteAddress;
    if (!sameToken(q.param("csrf"), q.cookie("hl_pre")))
        return signInForm(c, {"Biểu mẫu đã cũ; vui lòng đăng nhập lại.", "The form was stale; please sign in again."},
                          403);
    const auto audit = [&](const std::string& action, const std::string& detail) {
        c.store.recordAudit({c.clock.wallMs(), name.size() > 64 ? name.substr(0, 64) : name, action, detail});
    };
    if (const std::int64_t wait = throttle.waitMs(name, address); wait > 0) {
        const std::string s = std::to_string((wait + 999) / 1000);
        audit("sign-in refused", "too many failures; from " + address);
        return signInForm(c,
                          {"Đã nhập sai quá nhiều lần. Vui lòng đợi " + s + " giây rồi thử lại.",
                           "Too many failed attempts. Please wait " + s + " s and try again."},
                          429);
    }
    const std::optional<HqAccount> account = validAccountName(name) ? c.store.account(name) : std::nullopt;
    const bool matches = passwordMatches(account ? account->passwordHash : dummyHash, q.param("password"));
    if (!account || !matches || account->disabled || !roleFromName(account->role)) {
        throttle.failed(name, address);
        audit("sign-in failed",
              std::string(account && matches ? "account disabled" : "wrong name or password") + "; from " + address);
        if (account && matches) return signInForm(c, {"Tài khoản này đã bị khóa.", "This account is disabled."}, 403);
        return signInForm(c, {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong account name or password."}, 401);
    }
    throttle.succeeded(name);
    const Session s = sessions.start(name, account->passwordChangedUtcMs);
    audit("sign-in", "from " + address);
    WebResponse r = WebResponse::redirect(safeNext(q.param("next")));
    r.setCookie("hl_session", s.id, q.secure);
    r.clearCookie("hl_pre", q.secure);
    return r;
}

}  // namespace hailong::core
