// Citizens' comments in the browser (issue 19), without a browser: the provinces fixture
// (support/web_fixture.h) with comments imported at units of Nghệ An (40), Phú Thọ (25, and a
// former commune whose successor is in Phú Thọ), C08 and a code the registry does not know;
// scoping, escaping, paging, sealed comments, the CSV. The real browser: tests/web/.
#include "support/web_fixture.h"

#include <algorithm>

using namespace hailong::core;
using hailong::test::Browser;
using hailong::test::header;
using hailong::test::WebFixture;

namespace {

struct Said {
    std::string text;  ///< "" with sealed: a comment sealed for headquarters
    std::string answer = "not_satisfied";
    bool sealed = false;
};

/// A kiosk of `unit` sends one batch whose responses carry these comments (one minute apart,
/// from T0 + 1 min, moved `daysBack` days earlier), imported as `hq import` stores it.
void importComments(HqStore& store, const std::string& kiosk, const UnitInfo& unit, const std::vector<Said>& said,
                    int daysBack = 0) {
    std::vector<hailong::test::Rating> ratings;
    for (std::size_t i = 0; i < said.size(); ++i)
        ratings.push_back({kiosk + "-" + std::to_string(i), said[i].answer, "", "", ""});
    Batch b = hailong::test::batchOf(kiosk, unit, ratings);
    const std::int64_t back = daysBack * 86'400'000LL;
    b.header.exportUtcMs -= back;
    for (std::size_t i = 0; i < said.size(); ++i) {
        Response& r = b.responses[i];
        r.startedUtcMs -= back;
        r.endedUtcMs -= back;
        for (Answer& a : r.answers) a.answeredUtcMs -= back;
        if (said[i].sealed) {
            b.header.sealedToHex = std::string(64, 'c');
            b.sealed.push_back(SealedFields{r.seq, "", "sealed:AAAA"});
        } else {
            r.comment = said[i].text;
        }
    }
    store.trust(KioskKeyFile{kiosk, std::string(64, 'a'), unit}, 0);
    const ImportOutcome o = store.importBatch(b, kiosk + ".hlbatch", hailong::test::T0 + 2 * 86'400'000);
    REQUIRE(o.newResponses == static_cast<std::int64_t>(said.size()));
}

const UnitInfo NA01{"NA-01", "Phường Trường Vinh", "commune", "Quầy 1"};
const UnitInfo PT01{"PT-01", "Phường Việt Trì", "commune", "Quầy 3"};
const UnitInfo PTOLD{"PT-OLD", "Xã Trưng Vương", "commune", "Quầy 1"};
const UnitInfo C08{"C08", "Cục Cảnh sát giao thông", "central", "Quầy 2"};
const UnitInfo CAX{"CA-X", "Công an xã X", "commune", ""};

/// The comments of the scoping tests, one unit each.
void importAround(WebFixture& f) {
    importComments(*f.store, "c-na", NA01, {{"Nghệ An nhanh gọn", "very_satisfied"}, {"Nghệ An phải chờ lâu"}});
    importComments(*f.store, "c-pt", PT01, {{"Việt Trì chu đáo", "satisfied"}});
    importComments(*f.store, "c-pt-old", PTOLD, {{"Trưng Vương trước sáp nhập"}}, 202);
    importComments(*f.store, "c-c08", C08, {{"Cục C08 góp ý"}});
    importComments(*f.store, "c-x", CAX, {{"Mã lạ góp ý"}});
}

bool has(const WebResponse& r, const std::string& s) { return r.body.find(s) != std::string::npos; }

std::size_t rows(const WebResponse& r, const std::string& cls = "<tr class=\"comment") {
    std::size_t n = 0;
    for (std::size_t at = r.body.find(cls); at != std::string::npos; at = r.body.find(cls, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("web: the comments page shows the comments under the account's unit only", "[web][comments]") {
    for (const std::string& kind : hailong::test::storeKinds()) {
        INFO(kind);
        WebFixture f(kind, "web_comments_scope");
        importAround(f);

        Browser na = f.signedIn("na");  // analyst of Nghệ An (40)
        const WebResponse mine = na.get("/comments");
        REQUIRE(mine.status == 200);
        CHECK(has(mine, "Góp ý của người dân"));
        CHECK(has(mine, "Nghệ An nhanh gọn"));
        CHECK(has(mine, "Nghệ An phải chờ lâu"));
        CHECK(rows(mine) == 2);
        for (const char* other : {"Việt Trì", "Trưng Vương", "C08 góp ý", "Mã lạ"}) {
            INFO(other);
            CHECK_FALSE(has(mine, other));
        }
        // Newest first: the second response of the kiosk came a minute after the first.
        CHECK(mine.body.find("Nghệ An phải chờ lâu") < mine.body.find("Nghệ An nhanh gọn"));
        CHECK(has(mine, "Rất hài lòng"));
        CHECK(has(mine, "01/01/2026 09:02"));  // local time, as the other pages show it
        CHECK(has(mine, "Quầy 1"));
        // Another province, by its code or by a code that does not exist: refused alike, nothing shown.
        for (const char* unit : {"25", "PT-01", "no-such-unit"}) {
            INFO(unit);
            const WebResponse refused = na.get("/comments", {{"unit", unit}});
            CHECK(refused.status == 403);
            CHECK_FALSE(has(refused, "Việt Trì chu đáo"));
            const WebResponse csv = na.get("/download", {{"view", "comments"}, {"format", "csv"}, {"unit", unit}});
            CHECK(csv.status == 403);
            CHECK_FALSE(has(csv, "Việt Trì chu đáo"));
        }

        // The viewer of Phú Thọ (25) sees its commune and the former commune its successor took over.
        Browser pt = f.signedIn("pt-viewer");
        const WebResponse theirs = pt.get("/comments");
        REQUIRE(theirs.status == 200);
        CHECK(has(theirs, "Việt Trì chu đáo"));
        CHECK(has(theirs, "Trưng Vương trước sáp nhập"));
        CHECK_FALSE(has(theirs, "Nghệ An"));
        CHECK(rows(theirs) == 2);
        // Narrowed to one unit under it, and to a period: the former commune's comment is of 2025-06.
        CHECK(rows(pt.get("/comments", {{"unit", "PT-01"}, {"from", "2026-01"}})) == 1);
        const WebResponse june = pt.get("/comments", {{"from", "2025-06"}, {"to", "2025-06"}});
        CHECK(rows(june) == 1);
        CHECK(has(june, "Trưng Vương trước sáp nhập"));

        // An account of the whole country sees every comment, the unknown code's too.
        Browser admin = f.signedIn("admin");
        const WebResponse all = admin.get("/comments");
        CHECK(rows(all) == 6);
        CHECK(has(all, "Mã lạ góp ý"));
        CHECK(rows(admin.get("/comments", {{"unit", "40"}})) == 2);

        // Reachable from the overview and from a unit's page, and in English.
        CHECK(has(na.get("/overview"), "id=\"comments-link\" href=\"/comments?unit=40\""));
        CHECK(has(na.get("/units", {{"unit", "NA-01"}}), "href=\"/comments?unit=NA-01\""));
        const WebResponse en = na.get("/comments", {{"lang", "en"}});
        CHECK(has(en, "Citizens&#39; comments"));
        CHECK(has(en, "Very satisfied"));
    }
}

TEST_CASE("web: a stranger asking for the comments is sent to sign in", "[web][comments]") {
    WebFixture f;
    importAround(f);
    Browser stranger{f.app};
    for (const auto& query :
         std::vector<std::vector<std::pair<std::string, std::string>>>{{}, {{"unit", "40"}}, {{"page", "2"}}}) {
        const WebResponse r = stranger.get("/comments", query);
        CHECK(r.status == 303);
        CHECK(header(r, "Location").rfind("/signin?next=%2Fcomments", 0) == 0);
        CHECK_FALSE(has(r, "Nghệ An"));
    }
    const WebResponse csv = stranger.get("/download", {{"view", "comments"}, {"format", "csv"}});
    CHECK(csv.status == 303);
    CHECK(csv.body.find("Nghệ An") == std::string::npos);
}

TEST_CASE("web: a comment's text is escaped on the page and stays text in the CSV", "[web][comments]") {
    WebFixture f;
    const std::string nasty = "<script>alert('x')</script> & \"quote\" <img src=x onerror=alert(1)>";
    importComments(*f.store, "c-nasty", NA01, {{nasty}, {"=HYPERLINK(\"http://evil.example\",\"bấm\")"}});
    // A unit name sent by a kiosk is citizen-side input too.
    importComments(*f.store, "c-nasty-x", {"CA-X", "<b>xã</b>", "commune", "<i>quầy</i>"}, {{"ok"}});
    Browser admin = f.signedIn("admin");
    const WebResponse page = admin.get("/comments");
    REQUIRE(page.status == 200);
    CHECK_FALSE(has(page, "<script>alert"));
    CHECK_FALSE(has(page, "<img src=x"));
    CHECK_FALSE(has(page, "<b>xã</b>"));
    CHECK_FALSE(has(page, "<i>quầy</i>"));
    CHECK(has(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quote&quot;"));
    CHECK(has(page, "&lt;b&gt;xã&lt;/b&gt;"));

    const WebResponse csv = admin.get("/download", {{"view", "comments"}, {"format", "csv"}});
    REQUIRE(csv.status == 200);
    CHECK(csv.contentType == "text/csv; charset=utf-8");
    CHECK(header(csv, "Content-Disposition") == "attachment; filename=\"hailong-comments-toan-quoc.csv\"");
    CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(has(csv, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"bấm\"\")\""));  // a formula no more
    CHECK(has(csv, "\"<script>alert('x')</script> & \"\"quote\"\" <img src=x onerror=alert(1)>\""));
    // Personal data leaving the server is in the audit log.
    const auto log = f.store->auditLog();
    CHECK(std::any_of(log.begin(), log.end(), [](const HqAuditEntry& e) {
        return e.actor == "admin" && e.action == "comments downloaded" &&
               e.detail == "unit=(whole country); 3 comments";
    }));
}

TEST_CASE("web: thousands of comments come fifty to a page, every one once", "[web][comments]") {
    WebFixture f;
    std::vector<Said> said;
    for (int i = 0; i < 1234; ++i) said.push_back({"góp ý số " + std::to_string(i) + ".", "satisfied"});
    importComments(*f.store, "c-many", NA01, said);
    Browser na = f.signedIn("na");

    const WebResponse first = na.get("/comments");
    REQUIRE(first.status == 200);
    CHECK(rows(first) == 50);
    CHECK(has(first, "góp ý số 1233."));  // the newest
    CHECK_FALSE(has(first, "góp ý số 1183."));
    CHECK(has(first, "Trang 1 / 25"));
    CHECK(has(first, "id=\"page-older\" href=\"/comments?unit=40&amp;page=2\""));
    CHECK_FALSE(has(first, "id=\"page-newer\""));

    std::vector<bool> seen(said.size(), false);
    for (int p = 1; p <= 25; ++p) {
        const WebResponse r = na.get("/comments", {{"page", std::to_string(p)}});
        REQUIRE(r.status == 200);
        CHECK(rows(r) == (p < 25 ? 50u : 34u));
        const std::regex shown(">góp ý số ([0-9]+)\\.<");
        for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), shown); it != std::sregex_iterator(); ++it) {
            const std::size_t i = std::stoul((*it)[1]);
            REQUIRE(i < seen.size());
            CHECK_FALSE(seen[i]);
            seen[i] = true;
        }
    }
    CHECK(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));

    const WebResponse last = na.get("/comments", {{"page", "25"}});
    CHECK(has(last, "góp ý số 0."));
    CHECK(has(last, "id=\"page-newer\" href=\"/comments?unit=40&amp;page=24\""));
    CHECK_FALSE(has(last, "id=\"page-older\""));
    CHECK(rows(na.get("/comments", {{"page", "99"}})) == 34);  // past the end: the last page
    for (const char* bad : {"0", "-1", "abc", "1e3"}) {
        INFO(bad);
        const WebResponse r = na.get("/comments", {{"page", bad}});
        CHECK(r.status == 400);
        CHECK(has(r, "Số trang phải là số nguyên"));
    }
    // The period and unit are kept from page to page.
    CHECK(has(na.get("/comments", {{"unit", "NA-01"}, {"from", "2026-01"}}),
              "href=\"/comments?unit=NA-01&amp;from=2026-01&amp;page=2\""));
    // The CSV holds them all, once.
    const WebResponse csv = na.get("/download", {{"view", "comments"}, {"format", "csv"}});
    CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 1235);
}

TEST_CASE("web: sealed comments are counted as sealed, with how to open them", "[web][comments]") {
    WebFixture f;
    importComments(*f.store, "c-sealed", NA01,
                   {{"", "not_satisfied", true}, {"", "satisfied", true}, {"đọc được", "very_satisfied"}});
    Browser na = f.signedIn("na");
    const WebResponse r = na.get("/comments");
    REQUIRE(r.status == 200);
    CHECK(rows(r) == 3);
    CHECK(rows(r, "<tr class=\"comment sealed\"") == 2);
    CHECK(has(r, "id=\"sealed\">2 góp ý còn niêm phong"));
    CHECK(has(r, "<code>hailong hq unseal --keys THƯ_MỤC_KHÓA</code>"));
    CHECK(has(r, "đọc được"));
    CHECK_FALSE(has(r, "sealed:AAAA"));
    CHECK(has(na.get("/comments", {{"lang", "en"}}), "2 comments are still sealed"));
    // None sealed: no such notice.
    Browser pt = f.signedIn("pt-viewer");
    CHECK_FALSE(has(pt.get("/comments"), "id=\"sealed\""));
}
