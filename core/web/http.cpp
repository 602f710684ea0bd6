// WebRequest and WebResponse helpers (http.h).
#include "web/http.h"

namespace hailong::core {

std::string WebRequest::param(const std::string& name) const {
    for (const auto& [k, v] : form)
        if (k == name) return v;
    for (const auto& [k, v] : query)
        if (k == name) return v;
    return {};
}

std::string WebRequest::cookie(const std::string& name) const {
    const auto it = cookies.find(name);
    return it == cookies.end() ? std::string() : it->second;
}

WebResponse WebResponse::redirect(const std::string& location) {
    WebResponse r;
    r.status = 303;
    r.headers.emplace_back("Location", location);
    return r;
}

void WebResponse::setCookie(const std::string& name, const std::string& value, bool secure,
                            std::int64_t maxAgeSeconds) {
    std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    if (secure) c += "; Secure";
    if (maxAgeSeconds >= 0) c += "; Max-Age=" + std::to_string(maxAgeSeconds);
    headers.emplace_back("Set-Cookie", c);
}

void WebResponse::clearCookie(const std::string& name, bool secure) { setCookie(name, "", secure, 0); }

}  // namespace hailong::core
