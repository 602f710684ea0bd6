#pragma once
// A small RAII layer over libpq for headquarters on PostgreSQL (issue 17): a connection, a
// result, a COPY FROM STDIN writer, a scoped transaction. One owner per libpq handle (STYLE
// 2.5); libpq-fe.h stays out of this header.
//
// Errors are thrown as PgError, a StorageError whose message names the server (host, port,
// database and user, never the password) and gives PostgreSQL's message with its SQLSTATE,
// which the caller can also read to retry a serialization failure or a deadlock.
//
// Thread-safety: a connection, and everything made from it, is used by one thread at a time;
// different connections may be used on different threads.
#include "survey/response_store.h"  // StorageError

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace hailong::core {

/// A PostgreSQL error. sqlstate() is the five-character SQLSTATE ("" when there is none, as
/// when the server could not be reached).
class PgError : public StorageError {
public:
    PgError(const std::string& message, std::string sqlstate)
        : StorageError(message), m_sqlstate(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return m_sqlstate; }
    /// A serialization failure (40001) or a deadlock (40P01): run the transaction again.
    bool retryable() const { return m_sqlstate == "40001" || m_sqlstate == "40P01"; }

private:
    std::string m_sqlstate;
};

/// True for a libpq connection URI (postgresql://... or postgres://...): a --db naming
/// PostgreSQL rather than an SQLite file.
bool isPostgresTarget(const std::string& db);

/// The result of one command; owns its PGresult. Move-only.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* res) : m_res(res) {}
    int rows() const;
    int columns() const;
    bool isNull(int row, int col) const;
    /// The value as text ("" for NULL); valid while the result lives.
    std::string_view text(int row, int col) const;
    /// The value as a 64-bit integer; throws StorageError when NULL or not an integer.
    std::int64_t int64(int row, int col) const;
    /// The command tag: "INSERT 0 5", "COMMIT", "ROLLBACK"...
    std::string_view command() const;
    /// Rows an INSERT, UPDATE, DELETE or COPY touched (0 for other commands).
    std::int64_t affected() const;

private:
    struct Deleter {
        void operator()(pg_result* res) const noexcept;
    };
    std::unique_ptr<pg_result, Deleter> m_res;
};

/// Parameters of a command, in text format; std::nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

/// One connection; owns its PGconn. Move-only.
class PgConnection {
public:
    /// Opens a connection: a postgresql:// or postgres:// URI, key=value pairs, or "" for
    /// libpq's defaults (PGHOST, PGPORT, PGDATABASE, PGUSER, the password from PGPASSWORD or
    /// ~/.pgpass, as psql does). Client encoding UTF-8. Throws PgError.
    explicit PgConnection(const std::string& conninfo);
    ~PgConnection();
    PgConnection(PgConnection&&) noexcept;
    PgConnection& operator=(PgConnection&&) noexcept;

    /// Runs one command, with $1, $2... bound to params. Throws PgError.
    PgResult exec(const std::string& sql, const PgParams& params = {});
    /// The same, the command prepared once per connection (on first use, by its text) and then
    /// only executed: no parsing and planning each time, for the commands run for every file.
    PgResult execPrepared(const std::string& sql, const PgParams& params = {});
    /// Runs several commands separated by semicolons (no parameters): a schema, say.
    void execScript(const std::string& sql);

    /// Where this connection goes, for messages: "host:port/database as user".
    const std::string& target() const { return m_target; }
    /// The server's version as libpq gives it (150004 for 15.4).
    int serverVersion() const;
    /// The libpq handle, for what this layer does not wrap.
    pg_conn* handle() const { return m_conn.get(); }

private:
    friend class PgCopyIn;
    [[noreturn]] void fail(pg_result* res, const std::string& what) const;

    struct Deleter {
        void operator()(pg_conn* conn) const noexcept;
    };
    PgResult checked(pg_result* res, const std::string& sql);

    std::unique_ptr<pg_conn, Deleter> m_conn;
    std::string m_target;
    std::map<std::string, std::string> m_prepared;  ///< command -> its statement's name
};

/// A COPY ... FROM STDIN in progress on a connection (text format unless the command says
/// otherwise). Nothing else may run on the connection until endCopy(). Destroyed before
/// endCopy(), the COPY is abandoned (the server stores none of its rows).
class PgCopyIn {
public:
    /// Sends the COPY command, e.g. "COPY t (a, b) FROM STDIN". Throws PgError.
    PgCopyIn(PgConnection& conn, const std::string& copySql);
    ~PgCopyIn();
    PgCopyIn(const PgCopyIn&) = delete;
    PgCopyIn& operator=(const PgCopyIn&) = delete;

    /// Sends bytes of the data (whole rows or not). Throws PgError.
    void putCopyData(std::string_view data);
    /// Ends the data; returns the rows stored. Throws PgError (a bad row: nothing stored).
    std::int64_t endCopy();

    /// Appends one field in COPY text format (escaped; \N for NULL), then a tab, or a newline
    /// when last.
    static void appendField(std::string& row, std::optional<std::string_view> value, bool last = false);
    static void appendField(std::string& row, std::int64_t value, bool last = false);

private:
    PgConnection& m_conn;
    bool m_open = true;
};

/// A one-dimensional array literal for a text-format parameter ("{1,2}", "{\"a\",\"b\"}"), so
/// that one command carries many rows: INSERT ... SELECT * FROM unnest($1::bigint[], $2::text[]).
class PgArray {
public:
    PgArray& add(std::string_view text);
    PgArray& add(std::int64_t value);
    std::size_t size() const { return m_size; }
    /// The literal ("{}" when empty).
    std::string str() const { return m_text + "}"; }

private:
    std::string m_text = "{";
    std::size_t m_size = 0;
};

/// BEGIN in the constructor; ROLLBACK in the destructor unless commit() ran (never throws).
class PgTransaction {
public:
    /// begin: "BEGIN", or e.g. "BEGIN ISOLATION LEVEL SERIALIZABLE".
    explicit PgTransaction(PgConnection& conn, const std::string& begin = "BEGIN");
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    /// COMMIT. Throws PgError if it fails, or if the server rolled back instead (an error
    /// earlier in the transaction).
    void commit();

private:
    PgConnection& m_conn;
    bool m_done = false;
};

}  // namespace hailong::core
