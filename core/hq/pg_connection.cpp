#include "hq/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <utility>

namespace hailong::core {

namespace {

/// The password given in a URI or key=value string, to keep it out of every message even
/// where libpq would echo part of the string.
std::string passwordIn(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    if (err != nullptr) PQfreemem(err);
    std::string password;
    if (opts != nullptr) {
        for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o)
            if (std::string_view(o->keyword) == "password" && o->val != nullptr) password = o->val;
        PQconninfoFree(opts);
    }
    return password;
}

std::string scrub(std::string text, const std::string& password) {
    if (password.size() < 3) return text;  // shorter ones would blank ordinary letters
    for (std::size_t at = text.find(password); at != std::string::npos; at = text.find(password, at + 3))
        text.replace(at, password.size(), "***");
    return text;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

/// "host:port/database as user", from what libpq resolved (the environment's defaults included).
std::string describe(PGconn* conn, const std::string& conninfo) {
    const char* host = conn != nullptr ? PQhost(conn) : nullptr;
    const char* port = conn != nullptr ? PQport(conn) : nullptr;
    const char* db = conn != nullptr ? PQdb(conn) : nullptr;
    const char* user = conn != nullptr ? PQuser(conn) : nullptr;
    if (host == nullptr && db == nullptr) {  // libpq could not read the string at all
        std::string shown = conninfo.empty() ? std::string("(libpq defaults)") : conninfo;
        return "\"" + scrub(shown, passwordIn(conninfo)) + "\"";
    }
    std::string s = "PostgreSQL at ";
    s += host != nullptr && *host != '\0' ? host : "localhost";
    if (port != nullptr && *port != '\0') s += std::string(":") + port;
    s += "/";
    s += db != nullptr ? db : "";
    if (user != nullptr && *user != '\0') s += std::string(" as ") + user;
    return s;
}

}  // namespace

bool isPostgresTarget(const std::string& db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

// PgResult -----------------------------------------------------------------------------------

void PgResult::Deleter::operator()(pg_result* res) const noexcept { PQclear(res); }

int PgResult::rows() const { return m_res ? PQntuples(m_res.get()) : 0; }
int PgResult::columns() const { return m_res ? PQnfields(m_res.get()) : 0; }

bool PgResult::isNull(int row, int col) const {
    if (row < 0 || row >= rows() || col < 0 || col >= columns())
        throw StorageError("PostgreSQL result: no field (" + std::to_string(row) + ", " + std::to_string(col) + ")");
    return PQgetisnull(m_res.get(), row, col) != 0;
}

std::string_view PgResult::text(int row, int col) const {
    if (isNull(row, col)) return {};
    return {PQgetvalue(m_res.get(), row, col), static_cast<std::size_t>(PQgetlength(m_res.get(), row, col))};
}

std::int64_t PgResult::int64(int row, int col) const {
    if (isNull(row, col))
        throw StorageError(std::string("PostgreSQL result: NULL in column ") + PQfname(m_res.get(), col) +
                           " where a number was expected");
    const std::string_view s = text(row, col);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        throw StorageError(std::string("PostgreSQL result: \"") + std::string(s) + "\" in column " +
                           PQfname(m_res.get(), col) + " is not a 64-bit integer");
    return v;
}

std::string_view PgResult::command() const { return m_res ? PQcmdStatus(m_res.get()) : ""; }

std::int64_t PgResult::affected() const {
    const char* n = m_res ? PQcmdTuples(m_res.get()) : "";
    std::int64_t v = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), v);
    return v;
}

// PgConnection -------------------------------------------------------------------------------

void PgConnection::Deleter::operator()(pg_conn* conn) const noexcept { PQfinish(conn); }

PgConnection::PgConnection(const std::string& conninfo) : m_conn(PQconnectdb(conninfo.c_str())) {
    if (!m_conn) throw PgError("PostgreSQL: out of memory opening a connection", "");
    m_target = describe(m_conn.get(), conninfo);
    if (PQstatus(m_conn.get()) != CONNECTION_OK)
        throw PgError("cannot connect to " + m_target + ": " +
                          scrub(trimmed(PQerrorMessage(m_conn.get())), passwordIn(conninfo)),
                      "");
    // Notices ("relation already exists, skipping") are dropped; warnings go to stderr, as psql shows them.
    PQsetNoticeReceiver(
        m_conn.get(),
        [](void*, const PGresult* res) {
            const char* severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
            if (severity != nullptr && std::string_view(severity) == "WARNING")
                std::fputs(PQresultErrorMessage(res), stderr);
        },
        nullptr);
    if (PQsetClientEncoding(m_conn.get(), "UTF8") != 0)
        throw PgError(m_target + ": cannot set the client encoding to UTF-8: " + trimmed(PQerrorMessage(m_conn.get())),
                      "");
}

PgConnection::~PgConnection() = default;
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;

int PgConnection::serverVersion() const { return PQserverVersion(m_conn.get()); }

void PgConnection::fail(pg_result* res, const std::string& what) const {
    std::string sqlstate;
    std::string message;
    if (res != nullptr) {
        const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
        if (state != nullptr) sqlstate = state;
        if (primary != nullptr) message = primary;
        if (detail != nullptr) message += std::string(" (") + detail + ")";
    }
    if (message.empty()) message = trimmed(PQerrorMessage(m_conn.get()));
    if (message.empty()) message = "unexpected result";
    PQclear(res);
    throw PgError(m_target + ": " + what + ": " + message + (sqlstate.empty() ? "" : " [SQLSTATE " + sqlstate + "]"),
                  sqlstate);
}

namespace {
/// The command, shortened, for messages.
std::string firstWords(const std::string& sql) {
    std::string s = sql.substr(0, 60);
    for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
    return sql.size() > 60 ? s + "..." : s;
}
}  // namespace

namespace {
std::vector<const char*> valuesOf(const PgParams& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return values;
}
}  // namespace

PgResult PgConnection::checked(pg_result* res, const std::string& sql) {
    const ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {  // not through exec: leave the connection usable
            PQclear(res);
            if (st == PGRES_COPY_IN) PQputCopyEnd(m_conn.get(), "COPY through exec()");
            while ((res = PQgetResult(m_conn.get())) != nullptr) PQclear(res);
            throw PgError(m_target + ": COPY runs through PgCopyIn, not exec()", "");
        }
        fail(res, firstWords(sql));
    }
    return PgResult(res);
}

PgResult PgConnection::exec(const std::string& sql, const PgParams& params) {
    const std::vector<const char*> values = valuesOf(params);
    return checked(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0),
                   sql);
}

PgResult PgConnection::execPrepared(const std::string& sql, const PgParams& params) {
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        const std::string name = "hailong_" + std::to_string(m_prepared.size() + 1);
        checked(PQprepare(m_conn.get(), name.c_str(), sql.c_str(), 0, nullptr), sql);
        it = m_prepared.emplace(sql, name).first;
    }
    const std::vector<const char*> values = valuesOf(params);
    return checked(PQexecPrepared(m_conn.get(), it->second.c_str(), static_cast<int>(values.size()), values.data(),
                                  nullptr, nullptr, 0),
                   sql);
}

void PgConnection::execScript(const std::string& sql) {
    pg_result* res = PQexec(m_conn.get(), sql.c_str());
    const ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(res, firstWords(sql));
    PQclear(res);
}

// PgCopyIn -----------------------------------------------------------------------------------

PgCopyIn::PgCopyIn(PgConnection& conn, const std::string& copySql) : m_conn(conn) {
    pg_result* res = PQexec(conn.m_conn.get(), copySql.c_str());
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        m_open = false;
        conn.fail(res, firstWords(copySql));
    }
    PQclear(res);
}

PgCopyIn::~PgCopyIn() {
    if (!m_open) return;
    // Abandoned (an exception on the way): the server drops the rows; drain its answer.
    PGconn* c = m_conn.m_conn.get();
    PQputCopyEnd(c, "abandoned by the client");
    while (pg_result* res = PQgetResult(c)) PQclear(res);
}

void PgCopyIn::putCopyData(std::string_view data) {
    if (!m_open) throw PgError(m_conn.target() + ": COPY already ended", "");
    if (PQputCopyData(m_conn.m_conn.get(), data.data(), static_cast<int>(data.size())) != 1) {
        m_open = false;
        PGconn* c = m_conn.m_conn.get();
        pg_result* last = nullptr;
        while (pg_result* res = PQgetResult(c)) {
            PQclear(last);
            last = res;
        }
        m_conn.fail(last, "COPY data");
    }
}

std::int64_t PgCopyIn::endCopy() {
    if (!m_open) throw PgError(m_conn.target() + ": COPY already ended", "");
    m_open = false;
    PGconn* c = m_conn.m_conn.get();
    if (PQputCopyEnd(c, nullptr) != 1) m_conn.fail(nullptr, "COPY end");
    // The COPY's own result, then nullptr. Keep the first error.
    pg_result* bad = nullptr;
    std::int64_t rows = 0;
    while (pg_result* res = PQgetResult(c)) {
        if (PQresultStatus(res) == PGRES_COMMAND_OK) {
            rows += PgResult(res).affected();
        } else if (bad == nullptr) {
            bad = res;
        } else {
            PQclear(res);
        }
    }
    if (bad != nullptr) m_conn.fail(bad, "COPY");
    return rows;
}

void PgCopyIn::appendField(std::string& row, std::optional<std::string_view> value, bool last) {
    if (!value) {
        row += "\\N";
    } else {
        for (char ch : *value) {
            switch (ch) {
            case '\\': row += "\\\\"; break;
            case '\t': row += "\\t"; break;
            case '\n': row += "\\n"; break;
            case '\r': row += "\\r"; break;
            default: row += ch;
            }
        }
    }
    row += last ? '\n' : '\t';
}

void PgCopyIn::appendField(std::string& row, std::int64_t value, bool last) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;  // 24 characters always suffice
    row.append(buf, end);
    row += last ? '\n' : '\t';
}

// PgArray ----------------------------------------------------------------------------------

PgArray& PgArray::add(std::string_view text) {
    if (m_size++ > 0) m_text += ',';
    m_text += '"';  // quoted: NULL, braces, commas and spaces are then plain text
    for (char ch : text) {
        if (ch == '"' || ch == '\\') m_text += '\\';
        m_text += ch;
    }
    m_text += '"';
    return *this;
}

PgArray& PgArray::add(std::int64_t value) {
    if (m_size++ > 0) m_text += ',';
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;
    m_text.append(buf, end);
    return *this;
}

// PgTransaction ------------------------------------------------------------------------------

PgTransaction::PgTransaction(PgConnection& conn, const std::string& begin) : m_conn(conn) { m_conn.exec(begin); }

PgTransaction::~PgTransaction() {
    if (m_done) return;
    // Never throw from a destructor: a failed ROLLBACK leaves a connection that is broken anyway.
    if (PQstatus(m_conn.handle()) == CONNECTION_OK) PQclear(PQexec(m_conn.handle(), "ROLLBACK"));
}

void PgTransaction::commit() {
    m_done = true;  // a COMMIT that fails ends the transaction too
    const PgResult r = m_conn.exec("COMMIT");
    // COMMIT of a transaction that already failed answers ROLLBACK, without an error.
    if (r.command() == "ROLLBACK")
        throw PgError(m_conn.target() + ": COMMIT: the transaction had failed and was rolled back [SQLSTATE 25P02]",
                      "25P02");
}

}  // namespace hailong::core
