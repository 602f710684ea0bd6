// hailong hq user: the accounts of headquarters in the browser (issue 18, docs/web.md): add, list,
// remove, a new password, disable and enable; each change in headquarters' audit log. A password
// is never an argument (it would stay in the shell's history and in `ps`): it is asked twice on
// the terminal without echo, or read as two lines from standard input, as passwd-like tools do.
#include "base/clock.h"
#include "base/data_dir.h"
#include "commands.h"
#include "hq_options.h"
#include "web/accounts.h"

#include <pwd.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;

struct UserArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::string name, role, unit, display;
};

/// Who runs the command, for the audit log: the user who called sudo, else $USER, else the uid's name.
std::string operatingSystemUser() {
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) return sudo;
    if (const char* user = std::getenv("USER"); user && *user) return user;
    if (const passwd* pw = ::getpwuid(::getuid())) return pw->pw_name;
    return "uid " + std::to_string(::getuid());
}

// The terminal as it was before echo was turned off, for the handler of Ctrl+C (a password
// prompt left without echo would leave the shell so).
termios g_savedTerminal{};
volatile sig_atomic_t g_echoOff = 0;

extern "C" void restoreTerminalAndDie(int signal) {
    if (g_echoOff) ::tcsetattr(STDIN_FILENO, TCSANOW, &g_savedTerminal);
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

/// One line of the terminal, not echoed; nothing at end of input.
std::optional<std::string> readHidden(const char* prompt) {
    std::cerr << prompt << std::flush;
    termios quiet{};
    const bool terminal = ::tcgetattr(STDIN_FILENO, &g_savedTerminal) == 0;
    if (terminal) {
        quiet = g_savedTerminal;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        ::signal(SIGINT, restoreTerminalAndDie);
        ::signal(SIGTERM, restoreTerminalAndDie);
        g_echoOff = 1;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &g_savedTerminal);
        g_echoOff = 0;
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
    }
    if (!got) return std::nullopt;
    return line;
}

/// A line of standard input that is not a terminal, without its line end; nothing at end of input.
std::optional<std::string> readLine() {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

/// The new password of `name`, entered twice and checked; throws with the reason otherwise.
std::string newPassword(const std::string& name) {
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    const auto first = terminal ? readHidden("New password (mật khẩu mới): ") : readLine();
    const auto second = terminal ? readHidden("Again (nhập lại): ") : readLine();
    if (!first || !second)
        throw std::runtime_error("the password must be given twice, on the terminal or as two lines of standard input "
                                 "(cần nhập mật khẩu hai lần)");
    if (*first != *second) throw std::runtime_error("the two passwords differ (hai lần nhập không khớp)");
    if (const auto problem = core::passwordProblem(*first, name))
        throw std::runtime_error(problem->en + " (" + problem->vi + ")");
    return *first;
}

std::string unitWords(const std::string& unit) { return unit.empty() ? "whole country (toàn quốc)" : unit; }

void audit(core::HqStore& store, std::int64_t now, const std::string& action, const std::string& detail) {
    store.recordAudit(core::HqAuditEntry{now, "cli:" + operatingSystemUser(), action, detail});
}

int runAdd(const UserArgs& a) {
    try {
        if (!core::validAccountName(a.name))
            throw std::runtime_error("\"" + a.name +
                                     "\" is not an account name: 1-64 of a-z 0-9 . _ -, starting with a letter or "
                                     "digit (tên tài khoản không hợp lệ)");
        const auto role = core::roleFromName(a.role);
        if (!role) throw std::runtime_error("--role must be admin, analyst or viewer (vai trò không hợp lệ)");
        if (*role == core::Role::Admin && !a.unit.empty())
            throw std::runtime_error("an admin sees the whole country: --unit is for analysts and viewers (quản trị "
                                     "không gắn với đơn vị)");
        auto store = openHqStore(a.db);
        if (!a.unit.empty() && !store->registry().knows(a.unit))
            throw std::runtime_error("unit " + a.unit +
                                     " is not in the unit registry (`hailong hq units` lists it; đơn vị không có "
                                     "trong danh mục)");
        if (store->account(a.name))
            throw std::runtime_error("account " + a.name +
                                     " exists already: `hailong hq user password` changes its password (tài khoản đã "
                                     "có)");
        if (*role != core::Role::Admin && a.unit.empty())
            std::cerr << "note: without --unit, " << a.name
                      << " sees the figures of the whole country (không gắn đơn vị: xem toàn quốc)\n";
        const std::string password = newPassword(a.name);
        const core::SystemClock clock;
        const std::int64_t now = clock.wallMs();
        store->putAccount(
            core::HqAccount{a.name, a.role, a.unit, core::hashPassword(password), a.display, now, now, false});
        audit(*store, now, "user add", a.name + " " + a.role + " " + (a.unit.empty() ? "-" : a.unit));
        std::cout << "added " << a.name << ": " << a.role << ", " << unitWords(a.unit) << " (đã thêm tài khoản)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq user add: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runList(const UserArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const auto accounts = store->accounts();
        std::cout << accounts.size() << " account(s) in " << store->describe() << " (tài khoản)\n";
        for (const core::HqAccount& account : accounts) {
            std::cout << account.name << "  " << account.role << "  " << (account.unit.empty() ? "-" : account.unit)
                      << "  " << (account.disabled ? "DISABLED (đã khóa)" : "enabled");
            if (!account.displayName.empty()) std::cout << "  \"" << account.displayName << "\"";
            if (account.passwordChangedUtcMs)
                std::cout << "  password set " << core::formatLocalIso(account.passwordChangedUtcMs, 0).substr(0, 10);
            std::cout << "\n";
        }
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq user list: " << e.what() << "\n";
        return ExitFailed;
    }
}

/// The account of that name, or throws.
core::HqAccount existing(const core::HqStore& store, const std::string& name) {
    auto account = store.account(name);
    if (!account) throw std::runtime_error("no account " + name + " (`hailong hq user list`; không có tài khoản này)");
    return *account;
}

int runRemove(const UserArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const core::HqAccount account = existing(*store, a.name);
        if (!store->removeAccount(a.name)) throw std::runtime_error("no account " + a.name);
        audit(*store, core::SystemClock().wallMs(), "user remove", a.name + " " + account.role);
        std::cout << "removed " << a.name << " (đã xóa tài khoản; the audit log keeps its name)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq user remove: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runPassword(const UserArgs& a) {
    try {
        auto store = openHqStore(a.db);
        core::HqAccount account = existing(*store, a.name);
        const std::string password = newPassword(a.name);
        const std::int64_t now = core::SystemClock().wallMs();
        account.passwordHash = core::hashPassword(password);
        account.passwordChangedUtcMs = now;
        store->putAccount(account);
        audit(*store, now, "user password", a.name);
        std::cout << "new password set for " << a.name << " (đã đổi mật khẩu)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq user password: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runSetDisabled(const UserArgs& a, bool disabled) {
    const char* verb = disabled ? "disable" : "enable";
    try {
        auto store = openHqStore(a.db);
        core::HqAccount account = existing(*store, a.name);
        if (account.disabled == disabled) {
            std::cout << a.name << " is " << (disabled ? "disabled" : "enabled") << " already\n";
            return ExitOk;
        }
        account.disabled = disabled;
        store->putAccount(account);
        audit(*store, core::SystemClock().wallMs(), std::string("user ") + verb, a.name);
        std::cout << a.name << (disabled ? " disabled: it cannot sign in (đã khóa)\n" : " enabled (đã mở khóa)\n");
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq user " << verb << ": " << e.what() << "\n";
        return ExitFailed;
    }
}

}  // namespace

void addUserCommand(CLI::App& hq, int& exitCode) {
    CLI::App* user = hq.add_subcommand(
        "user", "The accounts of headquarters in the browser (`hailong hq serve`, docs/web.md): add, list, remove, "
                "password, disable, enable. Passwords are asked on the terminal without echo, or read as two lines "
                "of standard input; never given as arguments.");
    user->require_subcommand(1);
    const auto sub = [&](const char* name, const char* what, bool named) {
        auto args = std::make_shared<UserArgs>();
        CLI::App* cmd = user->add_subcommand(name, what);
        cmd->add_option("--db", args->db, DbHelp)->capture_default_str();
        if (named) cmd->add_option("name", args->name, "The account's sign-in name")->required();
        return std::make_pair(cmd, args);
    };

    auto [add, addArgs] = sub("add",
                              "Add an account; its password is asked twice (at least 10 characters, not containing "
                              "the name).",
                              true);
    add->add_option("--role", addArgs->role,
                    "admin (everything, accounts and the audit log), analyst (reads and uploads) or viewer (reads)")
        ->required()
        ->check(CLI::IsMember({"admin", "analyst", "viewer"}));
    add->add_option("--unit", addArgs->unit,
                    "A unit code of the registry: the account sees that unit and what is under it. Without it, an "
                    "analyst or viewer sees the whole country; admins have none");
    add->add_option("--display", addArgs->display, "The person's name, as the pages show it");
    add->callback([args = addArgs, &exitCode] { exitCode = runAdd(*args); });

    auto [list, listArgs] = sub("list", "List the accounts: name, role, unit, disabled (never a password's hash).",
                                false);
    list->callback([args = listArgs, &exitCode] { exitCode = runList(*args); });

    auto [remove, removeArgs] = sub("remove", "Remove an account (the audit log keeps its name).", true);
    remove->callback([args = removeArgs, &exitCode] { exitCode = runRemove(*args); });

    auto [password, passwordArgs] = sub("password", "Set a new password for an account, asked twice.", true);
    password->callback([args = passwordArgs, &exitCode] { exitCode = runPassword(*args); });

    auto [disable, disableArgs] = sub("disable", "Disable an account: it can no longer sign in.", true);
    disable->callback([args = disableArgs, &exitCode] { exitCode = runSetDisabled(*args, true); });

    auto [enable, enableArgs] = sub("enable", "Enable a disabled account again.", true);
    enable->callback([args = enableArgs, &exitCode] { exitCode = runSetDisabled(*args, false); });
}

}  // namespace hailong::cli
