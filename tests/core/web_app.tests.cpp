// Headquarters in the browser, without a browser (issue 18): WebApp::handle over a real SQLite
// store holding the provinces fixture (units of Nghệ An (40), Phú Thọ (25), C08 and a code the
// registry does not know), a manual clock, requests as the server makes them. The real browser
// and the real server are tested in tests/web/.
#include "support/web_fixture.h"

using namespace hailong::core;
using hailong::test::Browser;
using hailong::test::header;
using hailong::test::headline;
using hailong::test::WebFixture;

TEST_CASE("web: a stranger is sent to the sign-in page from every page, and signs in with a form token", "[web]") {
    WebFixture f;
    Browser stranger{f.app};
    for (const char* path :
         {"/overview", "/units", "/kiosks", "/comments", "/upload", "/download", "/admin/users", "/admin/audit"}) {
        const WebResponse r = stranger.get(path);
        CHECK(r.status == 303);
        CHECK(header(r, "Location").rfind("/signin?next=", 0) == 0);
    }
    CHECK(stranger.post("/upload", {{"csrf", "x"}}).status == 303);

    const WebResponse form = stranger.get("/signin");
    CHECK(form.status == 200);
    CHECK(header(form, "Set-Cookie").find("HttpOnly; SameSite=Strict") != std::string::npos);
    CHECK(header(form, "Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    // Without the form's token (a form on another site), nothing is checked.
    CHECK(stranger.post("/signin", {{"name", "admin"}, {"password", "correct horse admin"}}).status == 403);
    const WebResponse wrong = stranger.post(
        "/signin", {{"csrf", Browser::token(form.body)}, {"name", "admin"}, {"password", "wrong password"}});
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Sai tên đăng nhập hoặc mật khẩu") != std::string::npos);
    const WebResponse ok = stranger.post("/signin", {{"csrf", Browser::token(form.body)},
                                                     {"name", "admin"},
                                                     {"password", "correct horse admin"},
                                                     {"next", "//evil.example/"}});
    CHECK(ok.status == 303);
    CHECK(header(ok, "Location") == "/overview");  // never to another site
    const std::string cookie = header(ok, "Set-Cookie");
    CHECK(cookie.rfind("hl_session=", 0) == 0);
    CHECK(cookie.find("HttpOnly; SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("Secure") == std::string::npos);  // not over TLS here
    CHECK(stranger.get("/overview").status == 200);
}

TEST_CASE("web: five wrong passwords make the next sign-in wait, even with the right password", "[web]") {
    WebFixture f;
    Browser b{f.app};
    for (int i = 0; i < 5; ++i) CHECK(b.signIn("na", "not the password").status == 401);
    const WebResponse refused = b.signIn("na", "correct horse na");
    CHECK(refused.status == 429);
    CHECK(refused.body.find("Vui lòng đợi 5 giây") != std::string::npos);
    CHECK_FALSE(b.cookies.count("hl_session"));
    f.clock.advanceMs(5'000);
    CHECK(b.signIn("na", "correct horse na").status == 303);
    // Every attempt is in the audit log.
    int failed = 0, refusedEntries = 0, signIns = 0;
    for (const HqAuditEntry& e : f.store->auditLog()) {
        failed += e.action == "sign-in failed";
        refusedEntries += e.action == "sign-in refused";
        signIns += e.action == "sign-in";
    }
    CHECK(failed == 5);
    CHECK(refusedEntries == 1);
    CHECK(signIns == 1);
}

TEST_CASE("web: the overview shows the pooled figure of the account's scope", "[web]") {
    WebFixture f;
    Browser admin = f.signedIn("admin");
    const WebResponse all = admin.get("/overview");
    CHECK(all.status == 200);
    CHECK(headline(all.body) == f.pooled(""));
    CHECK(all.body.find("id=\"definitions\"") != std::string::npos);
    CHECK(all.body.find("id=\"quality\"") != std::string::npos);
    Browser na = f.signedIn("na");
    const WebResponse mine = na.get("/overview");
    CHECK(headline(mine.body) == f.pooled("40"));
    CHECK(headline(mine.body) != headline(all.body));
    // English on asking, kept in a cookie.
    CHECK(na.get("/overview", {{"lang", "en"}}).body.find("<html lang=\"en\"") != std::string::npos);
    CHECK(na.get("/overview").body.find("Monthly trend") != std::string::npos);
}

TEST_CASE("web: a province's analyst is refused another province, and sees nothing of it anywhere", "[web]") {
    WebFixture f;
    Browser na = f.signedIn("na");
    for (const char* path : {"/overview", "/units", "/kiosks", "/comments"}) {
        for (const char* other : {"25", "PT-01", "C08", "CA-X", "no-such-unit"}) {
            const WebResponse r = na.get(path, {{"unit", other}});
            CHECK(r.status == 403);
            CHECK(r.body.find("id=\"refused\"") != std::string::npos);
            CHECK(r.body.find("Việt Trì") == std::string::npos);
        }
        const WebResponse own = na.get(path);
        CHECK(own.status == 200);
        for (const char* foreign : {"Việt Trì", "Thanh Sơn", "PT-01", "kiosk-PT", "Cảnh sát giao thông", "CA-X"}) {
            INFO(path << " names " << foreign);
            CHECK(own.body.find(foreign) == std::string::npos);
        }
    }
    CHECK(na.get("/units").body.find("Phường Trường Vinh") != std::string::npos);
    CHECK(na.get("/kiosks").body.find("kiosk-NA-01") != std::string::npos);
    for (const char* format : {"csv", "html", "xlsx"}) {
        const WebResponse mine = na.get("/download", {{"view", "units"}, {"format", format}});
        CHECK(mine.status == 200);
        CHECK(header(mine, "Content-Disposition") ==
              std::string("attachment; filename=\"hailong-units-40.") + format + "\"");
        if (std::string(format) != "xlsx") {
            CHECK(mine.body.find("PT-01") == std::string::npos);
            CHECK(mine.body.find("NA-01") != std::string::npos);
        }
        CHECK(na.get("/download", {{"view", "units"}, {"format", format}, {"unit", "25"}}).status == 403);
    }
    const WebResponse kiosks = na.get("/download", {{"view", "kiosks"}, {"format", "csv"}});
    CHECK(kiosks.body.find("kiosk-NA-01") != std::string::npos);
    CHECK(kiosks.body.find("kiosk-PT") == std::string::npos);
    // Names the server makes, never a path from the request.
    CHECK(na.get("/download", {{"view", "../../etc/passwd"}, {"format", "csv"}}).status == 404);
    CHECK(na.get("/download", {{"view", "units"}, {"format", "../x"}}).status == 404);
}

TEST_CASE("web: the units page goes down the registry's tree, each unit with its pooled figures", "[web]") {
    WebFixture f;
    Browser admin = f.signedIn("admin");
    const WebResponse top = admin.get("/units");
    CHECK(top.status == 200);
    CHECK(top.body.find("href=\"/units?unit=40\"") != std::string::npos);
    CHECK(top.body.find("href=\"/units?unit=C08\"") != std::string::npos);
    CHECK(top.body.find("Mã đơn vị không có trong danh mục") != std::string::npos);  // CA-X, counted all the same
    const WebResponse province = admin.get("/units", {{"unit", "40"}});
    CHECK(headline(province.body) == f.pooled("40"));
    CHECK(province.body.find("href=\"/units?unit=NA-01\"") != std::string::npos);
    const WebResponse commune = admin.get("/units", {{"unit", "NA-01"}});
    CHECK(headline(commune.body) == "90.00%");  // 36 of 40
    CHECK(commune.body.find("id=\"officers\"") != std::string::npos);
    CHECK(commune.body.find("id=\"counters\"") != std::string::npos);
    CHECK(commune.body.find("Quầy 1") != std::string::npos);
    CHECK(commune.body.find("id=\"crumbs\"") != std::string::npos);
    CHECK(admin.get("/units", {{"unit", "40"}, {"from", "2026-13"}}).status == 400);
}

TEST_CASE("web: every form needs the session's token, viewers do not upload, only admins manage accounts", "[web]") {
    WebFixture f;
    Browser admin = f.signedIn("admin");
    const std::string token = Browser::token(admin.get("/admin/users").body);
    const auto addForm = [&](const std::string& csrf) {
        return std::vector<std::pair<std::string, std::string>>{{"csrf", csrf},
                                                                {"name", "hue"},
                                                                {"role", "analyst"},
                                                                {"unit", "25"},
                                                                {"password", "a long enough one"},
                                                                {"password2", "a long enough one"}};
    };
    CHECK(admin.post("/admin/users/add", addForm("")).status == 403);
    CHECK(admin.post("/admin/users/add", addForm("forged")).status == 403);
    CHECK_FALSE(f.store->account("hue"));
    CHECK(admin.post("/admin/users/add", addForm(token)).status == 200);
    REQUIRE(f.store->account("hue"));
    CHECK(f.store->account("hue")->unit == "25");
    CHECK(admin.get("/admin/audit").body.find("thêm tài khoản") != std::string::npos);

    Browser viewer = f.signedIn("pt-viewer");
    CHECK(viewer.get("/upload").status == 403);
    CHECK(viewer.get("/admin/users").status == 403);
    CHECK(viewer.get("/overview").body.find("href=\"/upload\"") == std::string::npos);
    // Disabled: signed out at once.
    CHECK(admin.post("/admin/users/disable", {{"csrf", token}, {"name", "pt-viewer"}}).status == 200);
    CHECK(viewer.get("/overview").status == 303);
}

TEST_CASE("web: a session ends when signed out, and after 30 minutes without a request", "[web]") {
    WebFixture f;
    Browser na = f.signedIn("na");
    const std::string token = Browser::token(na.get("/overview").body);
    CHECK(na.post("/signout", {{"csrf", token}}).status == 303);
    CHECK(na.get("/overview").status == 303);
    Browser again = f.signedIn("na");
    f.clock.advanceMs(29 * 60'000);
    CHECK(again.get("/overview").status == 200);
    f.clock.advanceMs(30 * 60'000);
    CHECK(again.get("/overview").status == 303);
    // A password changed elsewhere (`hailong hq user password`) ends the sessions of the old one.
    Browser third = f.signedIn("na");
    HqAccount account = *f.store->account("na");
    account.passwordChangedUtcMs += 1000;
    f.store->putAccount(account);
    CHECK(third.get("/overview").status == 303);
}

TEST_CASE("web: uploads import batch files with a result each, within the uploader's scope", "[web]") {
    using namespace hailong::test;
    WebFixture f;
    TempDir files;
    BatchMaker kiosk(files.path());  // a kiosk of CA-NA, a code the registry does not know
    const auto made = kiosk.make("b1.hlbatch", 1, "", 1,
                                 {{"u1", "satisfied", "", "", ""}, {"u2", "not_satisfied", "", "", ""}});
    const auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const auto upload = [&](Browser& b, std::vector<UploadedFile> parts) {
        WebRequest q;
        q.method = "POST";
        q.path = "/upload";
        q.form = {{"csrf", Browser::token(b.get("/upload").body)}};
        q.files = std::move(parts);
        return b.send(q);
    };
    const UploadedFile key{"kiosk.key", formatKioskKeyFile(kiosk.keyFile())};
    const UploadedFile batch{"b1.hlbatch", read(made.file)};
    const UploadedFile html{"<img src=x onerror=alert(1)>.hlbatch", "not a batch"};

    Browser na = f.signedIn("na");  // Nghệ An (40): the kiosk is not under it
    const WebResponse outside = upload(na, {key, batch});
    CHECK(outside.body.find("class=\"status refused\"") != std::string::npos);
    CHECK_FALSE(f.store->kiosk(kiosk.kioskId()));

    Browser admin = f.signedIn("admin");
    const std::int64_t before = f.store->responseCount();
    const WebResponse first = upload(admin, {key, batch, html});
    CHECK(first.status == 200);
    CHECK(first.body.find("class=\"status trusted\"") != std::string::npos);
    CHECK(first.body.find("class=\"status stored\"") != std::string::npos);
    CHECK(first.body.find("<img src=x") == std::string::npos);
    CHECK(first.body.find("&lt;img src=x onerror=alert(1)&gt;.hlbatch") != std::string::npos);
    CHECK(f.store->responseCount() == before + 2);
    const WebResponse again = upload(admin, {batch});
    CHECK(again.body.find("class=\"status known\"") != std::string::npos);
    CHECK(f.store->responseCount() == before + 2);
    int uploads = 0;
    for (const HqAuditEntry& e : f.store->auditLog()) uploads += e.action == "upload";
    CHECK(uploads == 3);
    // A request larger than the limit is refused whole.
    WebOptions small;
    small.maxUploadBytes = 10;
    WebApp tiny([&] { return hailong::test::openStore(f.target); }, f.clock, small);
    Browser t{tiny};
    REQUIRE(t.signIn("admin", "correct horse admin").status == 303);
    CHECK(upload(t, {batch}).status == 413);
}

TEST_CASE("web: figures follow an import made by another program on the same database", "[web]") {
    WebFixture f;
    Browser admin = f.signedIn("admin");
    const std::string before = headline(admin.get("/overview", {{"unit", "C08"}}).body);
    CHECK(before == "100.00%");
    f.importBesideTheServer();  // `hailong hq import` beside the server
    CHECK(headline(admin.get("/overview", {{"unit", "C08"}}).body) == "90.00%");  // 45 of 50
}

TEST_CASE("web on PostgreSQL: sign-in, figures of the scope, refusal and another importer", "[web][pg]") {
    WebFixture f("postgresql", "web_pg");
    Browser admin = f.signedIn("admin");
    CHECK(headline(admin.get("/overview").body) == f.pooled(""));
    CHECK(headline(admin.get("/units", {{"unit", "NA-01"}}).body) == "90.00%");
    Browser na = f.signedIn("na");
    CHECK(headline(na.get("/overview").body) == f.pooled("40"));
    const WebResponse other = na.get("/units", {{"unit", "25"}});
    CHECK(other.status == 403);
    CHECK(other.body.find("Việt Trì") == std::string::npos);
    CHECK(headline(admin.get("/overview", {{"unit", "C08"}}).body) == "100.00%");
    f.importBesideTheServer();
    CHECK(headline(admin.get("/overview", {{"unit", "C08"}}).body) == "90.00%");
    int signIns = 0;
    for (const HqAuditEntry& e : f.store->auditLog()) signIns += e.action == "sign-in";
    CHECK(signIns == 2);
}
