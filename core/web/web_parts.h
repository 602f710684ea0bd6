#pragma once
// What the pages of the web application share (private to core/web): the request being
// answered with its account and language, the HTML page around a view, the figures cache.
#include "base/expected.h"
#include "base/text.h"
#include "hq/data_quality.h"
#include "hq/report.h"
#include "web/accounts.h"
#include "web/web_app.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hailong::core::web {

/// The period and unit a view is asked for (?unit=&from=YYYY-MM&to=YYYY-MM), checked.
struct ViewQuery {
    std::string unit;       ///< a registry code, "" the whole country
    std::string fromMonth;  ///< "2019-01" or ""
    std::string toMonth;    ///< "2019-12" or ""
    std::optional<std::int64_t> fromDay, toDay;
    /// "unit=40&from=2019-01" (only what is set), URL-encoded, for links that keep the view.
    std::string link(const std::string& otherUnit) const;
    std::string link() const { return link(unit); }
};

/// A signed-in request.
struct Visitor {
    HqAccount account;
    Role role = Role::Viewer;
    Session session;
};

/// The figures of one view, made once per store version and shared between requests.
struct Figures {
    Report report;              ///< by unit under the view's unit, as of today
    DataQuality quality;        ///< its notes and monthly trend
    Report best, worst;         ///< the five highest and lowest ranked groups under the unit
    std::vector<Report> extra;  ///< a leaf unit's counters and officers (by=Counter, by=Officer)
};

/// "&" "<" ">" "\"" "'" escaped.
std::string esc(const std::string& text);
/// Percent-encoding of a query value.
std::string urlEncode(const std::string& text);
/// The text in the request's language.
inline const std::string& tr(Language lang, const Text& t) { return t.in(lang); }

/// An HTML page: the head, the header with the account and the language switch, the nav; the
/// view's content is appended to body.
struct PageParts {
    Language lang = Language::Vi;
    std::string title;
    std::string active;  ///< the nav entry shown as current ("overview", ...)
    const Visitor* visitor = nullptr;
    std::string scopeName;  ///< the name of the visitor's unit (or "whole country")
    std::string body;
    std::string pathForLanguageSwitch;  ///< the current path and query, for the vi/en links
};
std::string renderPage(const PageParts& page);

/// The stylesheet and the upload script, served from /static/ (same origin, no inline script).
const std::string& styleSheet();
const std::string& uploadScript();

/// "86.69%" or "—" when there is nothing to divide.
std::string percentCell(std::int64_t part, std::int64_t whole);
/// 12345 as "12 345" (a narrow no-break space between thousands).
std::string countCell(std::int64_t n);
/// A UTC time as "06/12/2026 14:05" local (Vietnam +07:00).
std::string timeWords(std::int64_t utcMs);

}  // namespace hailong::core::web

namespace hailong::core {
class UnitRegistry;
struct UnitRow;
}  // namespace hailong::core

namespace hailong::core::web {

/// One request being answered: what every view needs.
struct Ctx {
    const WebRequest& req;
    Language lang = Language::Vi;
    const Visitor* visitor = nullptr;  ///< null only on /signin
    HqStore& store;                    ///< borrowed from the pool for this request
    const Clock& clock;
    const WebOptions& options;
    Sessions& sessions;
    std::int64_t today = 0;  ///< the local day at headquarters (Vietnam)
    std::shared_ptr<const UnitRegistry> registry;
    /// The figures of a view (cached per store version; made on this thread if missing).
    std::function<std::shared_ptr<const Figures>(const ViewQuery&)> figures;

    /// The path and query of this request, for the language switch and sign-in's "next".
    std::string here() const;
    const std::string& t(const Text& text) const { return text.in(lang); }
};

/// A page around a view's body, with the nav entry `active`.
WebResponse page(const Ctx& c, const std::string& title, const std::string& active, std::string body, int status = 200);
/// 403 with id="refused": the reason, and nothing of what was asked.
WebResponse refusedPage(const Ctx& c, const Text& why);
/// 404 (no such page), 400 (a malformed request, the reason given).
WebResponse notFoundPage(const Ctx& c);
WebResponse badRequestPage(const Ctx& c, const Text& why);

/// The registry's row of code as of today, after its successors (as reports --as-of today count
/// it); null if the registry does not know it.
const UnitRow* currentRow(const Ctx& c, const std::string& code);
/// True if the visitor may see this unit: it is theirs or under it in the registry as of today
/// (after its successors); an admin or an account of the whole country sees every unit.
bool inScope(const Ctx& c, const std::string& unitCode);
/// The view asked for, checked: the unit (default the visitor's) known and in scope, the months
/// well formed; else the page that says why.
Expected<ViewQuery, WebResponse> viewQuery(const Ctx& c);
/// The figures of a view, computed (no cache): used by Ctx::figures.
Figures computeFigures(const HqStore& store, const ViewQuery& view, std::int64_t today);
/// The name of a unit for people ("" unknown), in the language of the request.
std::string unitName(const Ctx& c, const std::string& code);

/// The month form of a view (GET to `action`), the period in words, the unit's ancestors as
/// links (within the scope), the download links of the view.
std::string periodForm(const Ctx& c, const ViewQuery& v, const char* action);
std::string periodWords(const Ctx& c, const ViewQuery& v);
std::string crumbs(const Ctx& c, const ViewQuery& v, const char* path);
std::string downloads(const Ctx& c, const ViewQuery& v, const char* view);

/// The units directly under `code` as of today ("" : the units under no other, the provinces
/// and central departments), in code order.
std::vector<const UnitRow*> childrenToday(const Ctx& c, const std::string& code);

/// The kiosk is the visitor's to see and in the view's unit.
bool kioskInView(const Ctx& c, const ViewQuery& v, const KioskStatus& k);
/// "ahead by 3 days", "—".
std::string driftWords(const Ctx& c, std::int64_t aheadMs);

WebResponse overviewPage(Ctx& c);
WebResponse unitsPage(Ctx& c);
WebResponse kiosksPage(Ctx& c);
WebResponse downloadFile(Ctx& c);
WebResponse uploadForm(Ctx& c);
WebResponse uploadPost(Ctx& c);
WebResponse usersPage(Ctx& c, const std::string& message = {});
WebResponse usersPost(Ctx& c, const std::string& action);
WebResponse auditPage(Ctx& c);
/// Citizens' comments in the view (web_comments.cpp): the page (?unit=&from=&to=&page=), and
/// their CSV (/download?view=comments&format=csv).
WebResponse commentsPage(Ctx& c);
WebResponse commentsCsv(Ctx& c, const ViewQuery& v, const std::string& fileName);

}  // namespace hailong::core::web
