#include "web/web_app.h"
namespace hailong::core {
struct WebApp::Impl {
    StoreOpener open;
    const Clock& clock;
    WebOptions options;
};
WebApp::WebApp(StoreOpener openStore, const Clock& clock, WebOptions options)
    : m_impl(new Impl{std::move(openStore), clock, options}) {}
WebApp::~WebApp() = default;
const WebOptions& WebApp::options() const { return m_impl->options; }
WebResponse WebApp::handle(const WebRequest&) { return WebResponse{}; }
}  // namespace hailong::core
