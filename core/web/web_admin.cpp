// Admins' pages: accounts (add, remove, disable, enable, new password) and the audit log
// (web_parts.h). Every change is audited with the admin's name.
#include "hq/unit_registry.h"
#include "web_parts.h"

#include <algorithm>
#include <map>

namespace hailong::core::web {

namespace {

std::string hidden(const Ctx& c) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(c.visitor->session.csrf) + "\">";
}

std::string actionForm(const Ctx& c, const std::string& action, const std::string& name, const Text& label) {
    return "<form class=\"inline\" method=\"post\" action=\"/admin/users/" + action + "\">" + hidden(c) +
           "<input type=\"hidden\" name=\"name\" value=\"" + esc(name) + "\"><button type=\"submit\">" +
           esc(c.t(label)) + "</button></form>";
}

}  // namespace

WebResponse usersPage(Ctx& c, const std::string& message) {
    std::string b = "<h1>" + esc(c.t({"Tài khoản", "Accounts"})) + "</h1>";
    if (!message.empty()) b += "<p class=\"message\" id=\"message\" role=\"status\">" + esc(message) + "</p>";
    b += "<div class=\"scroll\"><table id=\"users\"><thead><tr><th>" + esc(c.t({"Tên đăng nhập", "Account"})) +
         "</th><th>" + esc(c.t({"Vai trò", "Role"})) + "</th><th>" + esc(c.t({"Phạm vi", "Scope"})) + "</th><th>" +
         esc(c.t({"Trạng thái", "State"})) + "</th><th>" + esc(c.t({"Thao tác", "Actions"})) +
         "</th></tr></thead><tbody>";
    for (const HqAccount& a : c.store.accounts()) {
        const auto role = roleFromName(a.role);
        b += "<tr class=\"user\"><td>" + esc(a.name) +
             (a.displayName.empty() ? "" : "<br><span class=\"muted\">" + esc(a.displayName) + "</span>") +
             "</td><td>" + esc(role ? c.t(roleWords(*role)) : a.role) + "</td><td>" +
             esc(a.unit.empty() ? c.t({"Toàn quốc", "Whole country"}) : unitName(c, a.unit) + " (" + a.unit + ")") +
             "</td><td>" + esc(a.disabled ? c.t({"Đã khóa", "Disabled"}) : c.t({"Đang dùng", "Active"})) + "</td><td>";
        if (a.name != c.visitor->account.name) {
            b += a.disabled ? actionForm(c, "enable", a.name, {"Mở khóa", "Enable"})
                            : actionForm(c, "disable", a.name, {"Khóa", "Disable"});
            // Removing cannot be undone: the box must be ticked (the browser asks for it, the server checks).
            b += "<form class=\"inline\" method=\"post\" action=\"/admin/users/remove\">" + hidden(c) +
                 "<input type=\"hidden\" name=\"name\" value=\"" + esc(a.name) +
                 "\"><label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> " +
                 esc(c.t({"chắc chắn xóa", "really remove"})) + "</label><button class=\"danger\" type=\"submit\">" +
                 esc(c.t({"Xóa", "Remove"})) + "</button></form>";
        }
        b += "<form class=\"inline\" method=\"post\" action=\"/admin/users/password\">" + hidden(c) +
             "<input type=\"hidden\" name=\"name\" value=\"" + esc(a.name) +
             "\"><input type=\"password\" name=\"password\" autocomplete=\"new-password\" placeholder=\"" +
             esc(c.t({"Mật khẩu mới", "New password"})) +
             "\"><input type=\"password\" name=\"password2\" autocomplete=\"new-password\" placeholder=\"" +
             esc(c.t({"Nhập lại", "Again"})) + "\"><button type=\"submit\">" +
             esc(c.t({"Đặt mật khẩu", "Set password"})) + "</button></form></td></tr>";
    }
    b += "</tbody></table></div>";
    b += "<h2>" + esc(c.t({"Thêm tài khoản", "Add an account"})) + "</h2>";
    b += "<form id=\"add-user\" class=\"card period\" method=\"post\" action=\"/admin/users/add\">" + hidden(c);
    b += "<label>" + esc(c.t({"Tên đăng nhập", "Account name"})) +
         "<input type=\"text\" name=\"name\" required pattern=\"[a-z0-9][a-z0-9._\\-]{0,63}\" "
         "autocapitalize=\"none\"></label>";
    b += "<label>" + esc(c.t({"Họ tên", "Full name"})) + "<input type=\"text\" name=\"display\"></label>";
    b += "<label>" + esc(c.t({"Vai trò", "Role"})) + "<select name=\"role\">";
    for (const Role r : {Role::Analyst, Role::Viewer, Role::Admin})
        b += "<option value=\"" + std::string(roleName(r)) + "\">" + esc(c.t(roleWords(r))) + "</option>";
    b += "</select></label>";
    b += "<label>" + esc(c.t({"Mã đơn vị (trống: toàn quốc)", "Unit code (empty: whole country)"})) +
         "<input type=\"text\" name=\"unit\"></label>";
    b += "<label>" + esc(c.t({"Mật khẩu (ít nhất 10 ký tự)", "Password (10 characters or more)"})) +
         "<input type=\"password\" name=\"password\" autocomplete=\"new-password\" required></label>";
    b += "<label>" + esc(c.t({"Nhập lại mật khẩu", "Password again"})) +
         "<input type=\"password\" name=\"password2\" autocomplete=\"new-password\" required></label>";
    b += "<button class=\"primary\" id=\"add-user-submit\" type=\"submit\">" + esc(c.t({"Thêm", "Add"})) +
         "</button></form>";
    return page(c, c.t({"Tài khoản", "Accounts"}), "users", std::move(b));
}

WebResponse usersPost(Ctx& c, const std::string& action) {
    const std::string name = c.req.param("name");
    const std::string& me = c.visitor->account.name;
    const std::int64_t now = c.clock.wallMs();
    const auto refuse = [&](const Text& why) {
        WebResponse r = usersPage(c, c.t(why));
        r.status = 400;
        return r;
    };
    const auto audit = [&](const std::string& what, const std::string& detail) {
        c.store.recordAudit({now, me, what, detail});
    };
    const auto newPassword = [&]() -> std::optional<Text> {
        const std::string pw = c.req.param("password");
        if (pw != c.req.param("password2"))
            return Text{"Hai lần nhập mật khẩu không giống nhau.", "The two passwords differ."};
        return passwordProblem(pw, name);
    };
    std::optional<HqAccount> account = c.store.account(name);
    if (action == "add") {
        if (!validAccountName(name))
            return refuse(
                {"Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang (tối đa 64).",
                 "An account name is 1-64 of a-z, 0-9, '.', '_', '-'."});
        if (account) return refuse({"Đã có tài khoản tên này.", "An account of that name exists."});
        const auto role = roleFromName(c.req.param("role"));
        if (!role) return refuse({"Vai trò không hợp lệ.", "Unknown role."});
        const std::string unit = c.req.param("unit");
        if (*role == Role::Admin && !unit.empty())
            return refuse({"Quản trị viên xem toàn quốc: để trống mã đơn vị.",
                           "An administrator sees the whole country: leave the unit empty."});
        if (!unit.empty() && !c.registry->knows(unit))
            return refuse({"Không có đơn vị mã \"" + unit + "\" trong danh mục.",
                           "The registry has no unit with code \"" + unit + "\"."});
        if (const auto problem = newPassword()) return refuse(*problem);
        HqAccount a;
        a.name = name;
        a.role = std::string(roleName(*role));
        a.unit = unit;
        a.displayName = c.req.param("display");
        a.passwordHash = hashPassword(c.req.param("password"));
        a.createdUtcMs = a.passwordChangedUtcMs = now;
        c.store.putAccount(a);
        audit("user add", name + " " + a.role + (unit.empty() ? "" : " " + unit));
        return usersPage(c, c.t({"Đã thêm tài khoản ", "Account added: "}) + name);
    }
    if (!account) return refuse({"Không có tài khoản này.", "No such account."});
    if (action == "password") {
        if (const auto problem = newPassword()) return refuse(*problem);
        account->passwordHash = hashPassword(c.req.param("password"));
        account->passwordChangedUtcMs = now;
        c.store.putAccount(*account);
        c.sessions.endAllOf(name);
        audit("user password", name);
        if (name == me) return WebResponse::redirect("/signin");
        return usersPage(c, c.t({"Đã đặt mật khẩu mới cho ", "New password set for "}) + name);
    }
    if (name == me)
        return refuse(
            {"Không tự khóa hay xóa tài khoản của mình được.", "You cannot disable or remove your own account."});
    if (action == "remove") {
        if (c.req.param("confirm") != "yes")
            return refuse(
                {"Hãy đánh dấu \"chắc chắn xóa\" để xóa tài khoản.", "Tick \"really remove\" to remove an account."});
        c.store.removeAccount(name);
        c.sessions.endAllOf(name);
        audit("user remove", name);
        return usersPage(c, c.t({"Đã xóa tài khoản ", "Account removed: "}) + name);
    }
    if (action == "disable" || action == "enable") {
        account->disabled = action == "disable";
        c.store.putAccount(*account);
        if (account->disabled) c.sessions.endAllOf(name);
        audit("user " + action, name);
        return usersPage(c, (account->disabled ? c.t({"Đã khóa ", "Disabled: "}) : c.t({"Đã mở khóa ", "Enabled: "})) +
                                name);
    }
    return notFoundPage(c);
}

namespace {
/// What an audit entry's action says, in both languages; an action of no known name as it is.
Text actionWords(const std::string& action) {
    static const std::map<std::string, Text> words = {
        {"sign-in", {"đăng nhập", "sign-in"}},
        {"sign-in failed", {"đăng nhập sai", "failed sign-in"}},
        {"sign-in refused", {"đăng nhập bị chặn (sai quá nhiều lần)", "sign-in refused (too many failures)"}},
        {"sign-out", {"đăng xuất", "sign-out"}},
        {"upload", {"tải tệp lên", "upload"}},
        {"user add", {"thêm tài khoản", "account added"}},
        {"user remove", {"xóa tài khoản", "account removed"}},
        {"user disable", {"khóa tài khoản", "account disabled"}},
        {"user enable", {"mở khóa tài khoản", "account enabled"}},
        {"user password", {"đặt mật khẩu", "password set"}},
        {"decide", {"quyết định về lô", "decision on a batch"}},
    };
    const auto it = words.find(action);
    return it == words.end() ? Text{action, action} : it->second;
}
}  // namespace

WebResponse auditPage(Ctx& c) {
    std::vector<HqAuditEntry> log = c.store.auditLog();
    std::stable_sort(log.begin(), log.end(),
                     [](const HqAuditEntry& a, const HqAuditEntry& b) { return a.utcMs > b.utcMs; });
    const std::size_t shown = std::min<std::size_t>(log.size(), 1000);
    std::string b = "<h1>" + esc(c.t({"Nhật ký", "Audit log"})) + "</h1><p>" +
                    esc(c.t({"Đăng nhập, tải tệp lên, thay đổi tài khoản và quyết định về lô, mới nhất trước.",
                             "Sign-ins, uploads, account changes and decisions on batches, newest first."})) +
                    " " + std::to_string(shown) + " / " + std::to_string(log.size()) + "</p>";
    b += "<div class=\"scroll\"><table id=\"audit\"><thead><tr><th>" + esc(c.t({"Thời gian (UTC+7)", "Time (UTC+7)"})) +
         "</th><th>" + esc(c.t({"Người thực hiện", "Who"})) + "</th><th>" + esc(c.t({"Việc", "Action"})) + "</th><th>" +
         esc(c.t({"Chi tiết", "Detail"})) + "</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < shown; ++i)
        b += "<tr><td>" + esc(timeWords(log[i].utcMs)) + "</td><td>" + esc(log[i].actor) + "</td><td>" +
             esc(c.t(actionWords(log[i].action))) + "</td><td>" + esc(log[i].detail) + "</td></tr>";
    b += "</tbody></table></div>";
    return page(c, c.t({"Nhật ký", "Audit log"}), "audit", std::move(b));
}

}  // namespace hailong::core::web
