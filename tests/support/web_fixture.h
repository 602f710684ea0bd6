#pragma once
// Headquarters in the browser without a browser, for the tests of core/web: a person's browser
// (cookies, the form token) over WebApp::handle, and a web application over a real store holding
// the provinces fixture (hq_provinces_fixture.h) with an admin, an analyst of Nghệ An (40) and a
// viewer of Phú Thọ (25).
#include "batch/key_file.h"
#include "hq/report.h"
#include "support/batch_maker.h"
#include "support/hq_provinces_fixture.h"
#include "support/hq_stores.h"
#include "web/accounts.h"
#include "web/web_app.h"

#include <catch2/catch.hpp>

#include <regex>

namespace hailong::test {

using namespace hailong::core;

/// A browser of one person: keeps the cookies the app sets, sends the form token back.
struct Browser {
    explicit Browser(WebApp& a) : app(a) {}
    WebApp& app;
    std::map<std::string, std::string> cookies;
    std::string address = "192.0.2.7";

    WebResponse send(WebRequest q) {
        q.cookies = cookies;
        q.remoteAddress = address;
        WebResponse r = app.handle(q);
        for (const auto& [k, v] : r.headers) {
            if (k != "Set-Cookie") continue;
            const auto eq = v.find('='), semi = v.find(';');
            const std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
            if (v.find("Max-Age=0") != std::string::npos) cookies.erase(name);
            else cookies[name] = value;
        }
        return r;
    }
    WebResponse get(const std::string& path, std::vector<std::pair<std::string, std::string>> query = {}) {
        WebRequest q;
        q.path = path;
        q.query = std::move(query);
        return send(q);
    }
    WebResponse post(const std::string& path, std::vector<std::pair<std::string, std::string>> form) {
        WebRequest q;
        q.method = "POST";
        q.path = path;
        q.form = std::move(form);
        return send(q);
    }
    /// The form token on a page (the first csrf field).
    static std::string token(const std::string& page) {
        std::smatch m;
        REQUIRE(std::regex_search(page, m, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
        return m[1];
    }
    WebResponse signIn(const std::string& name, const std::string& password) {
        const WebResponse form = get("/signin");
        return post("/signin", {{"csrf", token(form.body)}, {"name", name}, {"password", password}});
    }
};

inline std::string header(const WebResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

inline std::string headline(const std::string& page) {
    std::smatch m;
    if (!std::regex_search(page, m, std::regex("id=\"headline\">([^<]*)<"))) return "(none)";
    return m[1];
}

struct WebFixture {
    hailong::test::TempDir dir;
    std::string target;  ///< the store: an SQLite file or a PostgreSQL database
    std::unique_ptr<HqStore> store;
    ManualClock clock;  // 2026-01-01: the fixture's ratings are of that day
    WebApp app;

    explicit WebFixture(const std::string& kind = "sqlite", const std::string& name = "web")
        : target(hailong::test::storeTarget(kind, dir, name)),
          store(hailong::test::openStore(target)),
          app([this] { return hailong::test::openStore(target); }, clock, WebOptions{}) {
        hailong::test::fillProvinces(*store);
        addAccount("admin", "admin", "");
        addAccount("na", "analyst", "40");
        addAccount("pt-viewer", "viewer", "25");
    }
    void addAccount(const std::string& name, const std::string& role, const std::string& unit) {
        HqAccount a;
        a.name = name;
        a.role = role;
        a.unit = unit;
        a.passwordHash = hashPassword("correct horse " + name);
        store->putAccount(a);
    }
    Browser signedIn(const std::string& name) {
        Browser b{app};
        const WebResponse r = b.signIn(name, "correct horse " + name);
        REQUIRE(r.status == 303);
        REQUIRE(b.cookies.count("hl_session"));
        return b;
    }
    std::string pooled(const std::string& under) {
        ReportQuery q;
        q.asOfDay = 20454;  // 2026-01-01
        q.under = under;
        const Report r = buildReport(*store, q);
        return formatPercent(percentOf(r.total.satisfied, r.total.ratings));
    }
    /// Five ratings, all not satisfied, from a new kiosk of C08, imported through another
    /// connection to the store.
    void importBesideTheServer() {
        auto other = hailong::test::openStore(target);
        const UnitInfo unit{"C08", "Cục Cảnh sát giao thông", "central", "Quầy 2"};
        other->trust(KioskKeyFile{"kiosk-C08-2", std::string(64, 'b'), unit}, 0);
        std::vector<hailong::test::Rating> ratings;
        for (int i = 0; i < 5; ++i) ratings.push_back({"c08b-" + std::to_string(i), "not_satisfied", "", "", ""});
        other->importBatch(hailong::test::batchOf("kiosk-C08-2", unit, ratings), "c08b.hlbatch",
                           hailong::test::T0 + 86'400'000);
    }
};

}  // namespace hailong::test
