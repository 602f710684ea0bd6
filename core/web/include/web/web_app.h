#pragma once
// Headquarters in the browser (SPEC 7, issue 18): the analysts' daily tool. Server-rendered
// pages, Vietnamese by default with English, usable without script; the server (`hailong hq
// serve`, cpp-httplib in app/cli) turns HTTP into WebRequest and back.
//
// Pages (docs/web.md): /signin, /overview, /units (the registry's tree with figures, down to
// counters and officers), /upload, /kiosks, /download (.xlsx, .csv, .html of the view), and for
// admins /admin/users and /admin/audit. Every page but /signin needs a session; every POST needs
// the session's form token (csrf). An account bound to a unit sees that unit and what is under
// it in the registry as of today, nothing else: a request naming another unit is refused (403)
// without a figure of it.
//
// Thread-safe: handle() is called from the server's worker threads at once. Each request
// borrows a store of its own from a small pool (SQLite in WAL mode and PostgreSQL both take
// readers beside writers); figures are cached per scope and period until the store's
// dataVersion() changes, so fifty analysts opening the overview cost one report.
#include "base/clock.h"
#include "batch/batch_format.h"
#include "hq/hq_store.h"
#include "web/http.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace hailong::core {

struct WebOptions {
    std::int64_t sessionIdleMs = 30 * 60 * 1000;      ///< signed out after 30 minutes without a request
    std::int64_t sessionMaxMs = 12 * 60 * 60 * 1000;  ///< ... and 12 hours after signing in
    std::size_t maxUploadBytes = 256u * 1024 * 1024;  ///< per request (the server refuses more: 413)
    std::size_t storeConnections = 4;                 ///< stores open at most at once
    /// Headquarters' keys (`hq serve --keys`): uploaded batches' sealed comments are opened and
    /// stored readable (issue 19); not set: stored sealed, opened later (`hailong hq unseal`).
    BoxSecretFor boxSecretFor;
};

/// Opens a new connection to the headquarters store (called from any thread).
using StoreOpener = std::function<std::unique_ptr<HqStore>()>;

class WebApp {
public:
    WebApp(StoreOpener openStore, const Clock& clock, WebOptions options);
    ~WebApp();
    WebApp(const WebApp&) = delete;
    WebApp& operator=(const WebApp&) = delete;

    WebResponse handle(const WebRequest& request);
    /// Makes the figures of the whole country before the first request asks (a server
    /// starting: the first report over ten million responses takes a second or two).
    void warm();
    const WebOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hailong::core
