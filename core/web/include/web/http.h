#pragma once
// A request and a response as the web application sees them: no HTTP library here. The server
// (app/cli, cpp-httplib) fills a WebRequest from the wire and writes the WebResponse back, so
// every rule of the application is tested without a socket.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

struct UploadedFile {
    std::string name;  ///< as the browser gave it (untrusted: never a path on our side)
    std::string bytes;
};

struct WebRequest {
    std::string method = "GET";                                    ///< "GET", "POST", "HEAD"
    std::string path = "/";                                        ///< decoded, without the query
    std::vector<std::pair<std::string, std::string>> query, form;  ///< decoded, in order
    std::vector<UploadedFile> files;                               ///< multipart parts with a file name
    std::map<std::string, std::string> cookies;
    std::string remoteAddress;
    bool secure = false;         ///< came over TLS (Secure cookies)
    bool wantsFragment = false;  ///< asked by the page's script (X-Requested-With): a fragment, not a page

    /// The first value of a form field, else of a query parameter; "" if neither.
    std::string param(const std::string& name) const;
    std::string cookie(const std::string& name) const;
};

struct WebResponse {
    int status = 200;
    std::string contentType = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< Set-Cookie, Location, ...

    static WebResponse redirect(const std::string& location);  ///< 303 See Other
    void setCookie(const std::string& name, const std::string& value, bool secure, std::int64_t maxAgeSeconds = -1);
    void clearCookie(const std::string& name, bool secure);
};

}  // namespace hailong::core
