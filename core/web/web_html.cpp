// The page around every view, its stylesheet and the upload script (web_parts.h).
#include "base/clock.h"
#include "hq/report_html.h"
#include "web_parts.h"

#include <cstdio>

namespace hailong::core::web {

std::string esc(const std::string& text) { return htmlEscape(text); }

std::string urlEncode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~')
            out += ch;
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string ViewQuery::link(const std::string& otherUnit) const {
    std::string q;
    const auto add = [&](const char* k, const std::string& v) {
        if (v.empty()) return;
        q += (q.empty() ? "" : "&") + std::string(k) + "=" + urlEncode(v);
    };
    add("unit", otherUnit);
    add("from", fromMonth);
    add("to", toMonth);
    return q;
}

std::string percentCell(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? std::string("—") : formatPercent(percentOf(part, whole));
}

std::string countCell(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202F";
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

std::string timeWords(std::int64_t utcMs) {
    if (utcMs <= 0) return "—";
    const std::string iso = formatLocalIso(utcMs, 420);  // "2026-12-06T14:05:00+07:00"
    if (iso.size() < 16) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5);
}

namespace {
struct NavEntry {
    const char* id;
    const char* path;
    Text label;
    bool (*shown)(Role);
};
const NavEntry nav[] = {
    {"overview", "/overview", {"Tổng quan", "Overview"}, [](Role) { return true; }},
    {"units", "/units", {"Đơn vị", "Units"}, [](Role) { return true; }},
    {"kiosks", "/kiosks", {"Máy đánh giá", "Kiosks"}, [](Role) { return true; }},
    {"comments", "/comments", {"Góp ý", "Comments"}, [](Role) { return true; }},
    {"upload", "/upload", {"Tải tệp lên", "Upload"}, [](Role r) { return mayUpload(r); }},
    {"users", "/admin/users", {"Tài khoản", "Accounts"}, [](Role r) { return r == Role::Admin; }},
    {"audit", "/admin/audit", {"Nhật ký", "Audit log"}, [](Role r) { return r == Role::Admin; }},
};

std::string withLanguage(const std::string& path, const char* code) {
    return esc(path + (path.find('?') == std::string::npos ? "?" : "&") + "lang=" + code);
}
}  // namespace

std::string renderPage(const PageParts& p) {
    const Language L = p.lang;
    std::string h;
    h.reserve(p.body.size() + 4096);
    h += "<!DOCTYPE html>\n<html lang=\"";
    h += L == Language::En ? "en" : "vi";
    h += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    h += "<title>" + esc(p.title) + " · Hài Lòng</title><link rel=\"stylesheet\" href=\"/static/style.css\">";
    h += "<script src=\"/static/upload.js\" defer></script></head><body>";
    h += "<header><a class=\"brand\" href=\"/overview\">Hài Lòng</a><span class=\"who\">";
    if (p.visitor) {
        const HqAccount& a = p.visitor->account;
        h += "<span id=\"account\">" + esc(a.displayName.empty() ? a.name : a.displayName) + "</span> · " +
             esc(tr(L, roleWords(p.visitor->role)));
        h += " · <span id=\"scope\">" + esc(p.scopeName) + "</span>";
    }
    h += "</span><span class=\"lang\">";
    h += L == Language::Vi ? "<b>Tiếng Việt</b> · <a href=\"" + withLanguage(p.pathForLanguageSwitch, "en") +
                                 "\" hreflang=\"en\">English</a>"
                           : "<a href=\"" + withLanguage(p.pathForLanguageSwitch, "vi") +
                                 "\" hreflang=\"vi\">Tiếng Việt</a> · <b>English</b>";
    h += "</span>";
    if (p.visitor) {
        h += "<form id=\"signout\" method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
             esc(p.visitor->session.csrf) + "\"><button type=\"submit\">" + tr(L, {"Đăng xuất", "Sign out"}) +
             "</button></form>";
    }
    h += "</header>";
    if (p.visitor) {
        h += "<nav id=\"nav\">";
        for (const NavEntry& n : nav) {
            if (!n.shown(p.visitor->role)) continue;
            h += std::string("<a href=\"") + n.path + "\"" + (p.active == n.id ? " class=\"active\"" : "") + ">" +
                 esc(tr(L, n.label)) + "</a>";
        }
        h += "</nav>";
    }
    h += "<main>" + p.body + "</main></body></html>\n";
    return h;
}

const std::string& styleSheet() {
    static const std::string css = chartStyles() + R"CSS(
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 "Noto Sans","DejaVu Sans",system-ui,sans-serif;color:#1b1f24;background:#f4f6f8}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#0b3d66;color:#fff}
header a{color:#fff}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;margin-right:auto}
header form{margin:0}
header button{font:inherit;padding:.25rem .7rem;border:1px solid #fff;background:transparent;color:#fff;border-radius:4px;cursor:pointer}
nav{display:flex;flex-wrap:wrap;gap:.25rem;padding:.4rem 1rem;background:#dfe7ef;border-bottom:1px solid #b8c4d0}
nav a{padding:.45rem .8rem;border-radius:4px;color:#0b3d66;text-decoration:none;font-weight:600}
nav a.active{background:#0b3d66;color:#fff}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .8rem}
h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
a{color:#0a58a8}
.card{background:#fff;border:1px solid #c9d3dd;border-radius:6px;padding:1rem;margin-bottom:1rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem}
.figure{flex:1 1 14rem;background:#fff;border:1px solid #c9d3dd;border-radius:6px;padding:.8rem 1rem}
.figure .value{font-size:2rem;font-weight:700;color:#0b3d66}
.figure.headline .value{font-size:2.6rem;color:#0a6b36}
.figure .what{font-size:.9rem;color:#3d4752}
.scroll{overflow-x:auto;background:#fff;border:1px solid #c9d3dd;border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{padding:.45rem .6rem;border-bottom:1px solid #dde3e9;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.few td{color:#5b6570}
form.period{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
label.check{flex-direction:row;align-items:center;gap:.3rem}
input,select,button{font:inherit}
input[type=text],input[type=password],input[type=month],select{padding:.4rem .5rem;border:1px solid #7a8794;border-radius:4px;min-width:10rem}
button.primary,input[type=submit]{padding:.5rem 1.1rem;background:#0b3d66;color:#fff;border:0;border-radius:4px;cursor:pointer}
.downloads a{margin-right:1rem}
.crumbs{margin:.2rem 0 .6rem;font-size:.95rem}
.message{padding:.6rem .8rem;border-radius:4px;background:#fff4d6;border:1px solid #c99a00}
.error,.refused{padding:.8rem;border-radius:4px;background:#fde8e8;border:1px solid #b42318}
ul.quality li{margin:.2rem 0}
td.status.stored{color:#0a6b36;font-weight:600}td.status.trusted{color:#0a6b36}
td.status.known{color:#3d4752}td.status.refused{color:#b42318;font-weight:600}
progress{width:100%;height:1.2rem}
form.inline{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center;margin:.15rem 0}
form.inline input[type=password]{min-width:8rem;flex:1 1 8rem}
button{padding:.35rem .8rem;border:1px solid #7a8794;border-radius:4px;background:#fff;color:#1b1f24;cursor:pointer}
button.danger{border-color:#b42318;color:#b42318}
td.gap{color:#b42318;font-weight:700}
#kiosks td:nth-child(2){min-width:14rem}
#users td:last-child{min-width:16rem}
.signin{max-width:26rem;margin:3rem auto}
.signin form{display:flex;flex-direction:column;gap:.8rem}
svg{max-width:100%;height:auto}
.muted{color:#5b6570}
table.comments td.text{white-space:pre-wrap;overflow-wrap:anywhere;min-width:16rem;width:55%}
table.comments td.when{white-space:nowrap}
td.rating{white-space:nowrap;font-weight:600}
td.rating.very_satisfied,td.rating.satisfied{color:#0a6b36}td.rating.not_satisfied{color:#b42318}
nav.pager{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;margin:.6rem 0;background:none;border:0;padding:0}
nav.pager a{padding:.35rem .7rem;border:1px solid #7a8794;border-radius:4px;background:#fff;color:#0b3d66;font-weight:400}
form.period select{padding:.4rem .5rem;border:1px solid #7a8794;border-radius:4px;max-width:100%}
@media (max-width:700px){main{padding:.5rem}.figure .value{font-size:1.6rem}th,td{padding:.35rem .4rem}
table.comments thead{display:none}table.comments tr{display:block;border-bottom:1px solid #c9d3dd;padding:.3rem 0}
table.comments td{display:inline-block;border:0;padding:.15rem .4rem}
table.comments td.text{display:block;width:auto;min-width:0}form.period label,form.period select{width:100%}}
)CSS";
    return css;
}

const std::string& uploadScript() {
    // Progressive: without this script the form posts all files at once and the server answers
    // with the results page. With it, files go in chunks (keys first) and rows appear as they
    // are stored, under a progress bar.
    static const std::string js = R"JS(
(function(){
var form=document.getElementById('upload');
if(!form||!window.fetch||!window.FormData)return;
form.addEventListener('submit',function(ev){
  ev.preventDefault();
  var files=[];
  ['files','folder'].forEach(function(id){var el=document.getElementById(id);if(el&&el.files){for(var i=0;i<el.files.length;i++)files.push(el.files[i]);}});
  files=files.filter(function(f){return /\.(hlbatch|key)$/i.test(f.name);});
  files.sort(function(a,b){var ka=/\.key$/i.test(a.name)?0:1,kb=/\.key$/i.test(b.name)?0:1;return ka-kb;});
  var bar=document.getElementById('progress'),body=document.getElementById('results-body'),
      status=document.getElementById('upload-status'),csrf=form.querySelector('input[name=csrf]').value;
  document.getElementById('results-wrap').hidden=false;bar.hidden=false;
  bar.max=files.length;bar.value=0;
  var i=0,chunk=40,limit=32*1024*1024;
  function next(){
    if(i>=files.length){var n=function(c){return body.querySelectorAll('td.status.'+c).length;};status.textContent=status.dataset.done+' '+n('stored')+' '+status.dataset.stored+' · '+n('known')+' '+status.dataset.known+' · '+n('refused')+' '+status.dataset.refused+' · '+n('trusted')+' '+status.dataset.trusted;document.getElementById('upload-submit').disabled=false;return;}
    var fd=new FormData(),n=0,size=0;fd.append('csrf',csrf);
    while(i<files.length&&n<chunk&&(n===0||size+files[i].size<=limit)){fd.append('files',files[i],files[i].name);size+=files[i].size;i++;n++;}
    fetch('/upload',{method:'POST',body:fd,credentials:'same-origin',headers:{'X-Requested-With':'fetch'}})
      .then(function(r){return r.text().then(function(t){if(!r.ok)throw new Error(t);return t;});})
      .then(function(html){body.insertAdjacentHTML('beforeend',html);bar.value=i;status.textContent=i+' / '+files.length;next();})
      .catch(function(e){status.textContent=status.dataset.failed+' '+String(e.message||e).replace(/<[^>]*>/g,' ').slice(0,300);document.getElementById('upload-submit').disabled=false;});
  }
  document.getElementById('upload-submit').disabled=true;
  status.textContent='0 / '+files.length;
  next();
});
})();
)JS";
    return js;
}

}  // namespace hailong::core::web
