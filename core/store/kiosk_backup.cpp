#include "store/kiosk_backup.h"

#include "base/durable_file.h"
#include "base/encoding.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t ChunkBytes = std::size_t{1} << 20;
constexpr std::size_t MaxHeadBytes = 4096;
constexpr const char* MetaRestoredSeq = "restore_seq_max";
constexpr const char* MetaRestoredAudit = "restore_audit_max";
constexpr const char* MetaAwaiting = "restore_awaiting_receipt";

std::string utcStamp(std::int64_t utcMs) {
    const std::time_t t = static_cast<std::time_t>(utcMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

std::int64_t scalar(SQLite::Database& db, const char* sql) {
    SQLite::Statement q(db, sql);
    return q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getInt64() : 0;
}

/// The highest number an AUTOINCREMENT table ever gave (also after its newest row went).
std::int64_t lastGiven(SQLite::Database& db, const std::string& table) {
    SQLite::Statement q(db, "SELECT seq FROM sqlite_sequence WHERE name = ?");
    q.bind(1, table);
    const std::int64_t given = q.executeStep() ? q.getColumn(0).getInt64() : 0;
    const std::string key = table == "responses" ? "seq" : "id";
    return std::max(given, scalar(db, ("SELECT max(" + key + ") FROM " + table).c_str()));
}

void setLastGiven(SQLite::Database& db, const std::string& table, std::int64_t value) {
    SQLite::Statement up(db, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?");
    up.bind(1, value);
    up.bind(2, table);
    if (up.exec() == 0) {
        SQLite::Statement in(db, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)");
        in.bind(1, table);
        in.bind(2, value);
        in.exec();
    }
}

/// Copies src into a new database file at path (which must not exist) with the backup API.
void copyDatabase(SQLite::Database& src, const fs::path& path) {
    SQLite::Database dest(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    {
        SQLite::Backup backup(dest, "main", src, "main");
        backup.executeStep(-1);
    }
    // One self-contained file (the kiosk's own database is in WAL mode, and the copy takes
    // its mode): whoever opens the copy makes no -wal or -shm file beside it.
    dest.exec("PRAGMA journal_mode = DELETE");
}

Unexpected<std::string> refuse(const std::string& en, const std::string& vi) { return unexpected(en + " / " + vi); }

void writeSealed(const fs::path& plain, const fs::path& finalPath, const std::string& kioskId, std::int64_t nowUtcMs,
                 const std::string& hqBoxHex) {
    unsigned char box[crypto_box_PUBLICKEYBYTES];
    if (!fromHex(hqBoxHex, box, sizeof box)) throw std::invalid_argument("headquarters' box key is not 64 hex digits");
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> key{};
    crypto_secretstream_xchacha20poly1305_keygen(key.data());
    std::array<unsigned char, crypto_box_SEALBYTES + key.size()> sealedKey{};
    crypto_box_seal(sealedKey.data(), key.data(), key.size(), box);
    const std::string b64 = base64Encode(
        std::string_view(reinterpret_cast<const char*>(sealedKey.data()), sealedKey.size()));

    const nlohmann::ordered_json head = {{"format", BackupFormat},
                                         {"kiosk_id", kioskId},
                                         {"made_utc_ms", nowUtcMs},
                                         {"sealed_to", hqBoxHex},
                                         {"key", b64}};
    DurableFile out(finalPath);
    out.write(head.dump() + "\n");

    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.data());
    sodium_memzero(key.data(), key.size());
    out.write(std::string_view(reinterpret_cast<const char*>(header), sizeof header));

    std::ifstream in(plain, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + plain.string());
    std::vector<unsigned char> buf(ChunkBytes);
    std::vector<unsigned char> cipher(ChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES + 4);
    const auto total = fs::file_size(plain);
    std::uint64_t done = 0;
    do {
        in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        done += n;
        const unsigned char tag = done >= total ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, cipher.data() + 4, &clen, buf.data(), n, nullptr, 0, tag);
        for (int i = 0; i < 4; ++i) cipher[static_cast<std::size_t>(i)] = static_cast<unsigned char>(clen >> (8 * i));
        out.write(std::string_view(reinterpret_cast<const char*>(cipher.data()), static_cast<std::size_t>(clen) + 4));
        if (tag) break;
    } while (in);
    sodium_memzero(buf.data(), buf.size());
    out.sync();
    out.commit();
}

}  // namespace

std::string backupFileName(const std::string& kioskId, std::int64_t utcMs, bool sealed) {
    return "hailong-backup-" + kioskId.substr(0, 8) + "-" + utcStamp(utcMs) + (sealed ? ".hlbackup" : ".db");
}

Expected<BackupResult, std::string> backupKioskDatabase(KioskDatabase& db, AuditLog& audit, const fs::path& folder,
                                                        const std::optional<std::string>& hqBoxHex) {
    const std::int64_t now = audit.clock().wallMs();
    const bool sealed = hqBoxHex && !hqBoxHex->empty();
    BackupResult result{folder / backupFileName(db.kioskId(), now, sealed), 0, sealed};
    const std::string stem = result.file.stem().string();
    // A plain copy goes straight to its temporary name on the drive; a sealed one is made
    // beside the database first, so the drive never holds it in clear.
    const fs::path plain = sealed ? db.path().parent_path() / (".backup-" + stem + ".db")
                                  : temporaryNameFor(result.file);
    std::error_code ec;
    try {
        if (!fs::is_directory(folder, ec)) {
            audit.record(audit::BackupFailed, "folder=" + folder.string() + " missing");
            return refuse("the folder " + folder.string() + " is not there (was the drive pulled out?)",
                          "không thấy thư mục " + folder.string() + " (ổ USB đã bị rút ra?)");
        }
        fs::remove(plain, ec);
        copyDatabase(db.db(), plain);
        if (sealed) {
            writeSealed(plain, result.file, db.kioskId(), now, *hqBoxHex);
        } else {
            syncFile(plain);
            renameDurably(plain, result.file);
        }
        fs::remove(plain, ec);
    } catch (const std::exception& e) {
        fs::remove(plain, ec);
        fs::remove(temporaryNameFor(result.file), ec);
        audit.record(audit::BackupFailed, std::string("folder=") + folder.string() + " " + e.what());
        return refuse(std::string("the copy could not be written to ") + folder.string() + ": " + e.what(),
                      "không ghi được bản sao vào " + folder.string() + ": " + e.what());
    }
    result.bytes = fs::file_size(result.file, ec);
    audit.record(audit::BackupMade, "file=" + result.file.filename().string() + (sealed ? " sealed" : " plain"));
    return result;
}

Expected<std::string, std::string> openSealedBackup(
    const fs::path& sealedFile, const fs::path& out,
    const std::function<std::optional<std::string>(std::string_view boxHex)>& secretFor) {
    const std::string name = sealedFile.string();
    auto fail = [&](const std::string& en, const std::string& vi) { return unexpected(name + ": " + en + " / " + vi); };
    std::ifstream in(sealedFile, std::ios::binary);
    if (!in) return fail(std::string("cannot be read (") + std::strerror(errno) + ")", "không đọc được");
    std::string line;
    std::getline(in, line);
    if (line.size() > MaxHeadBytes || !in)
        return fail("not a sealed kiosk backup", "không phải bản sao niêm phong của máy");
    nlohmann::json head = nlohmann::json::parse(line, nullptr, false);
    if (!head.is_object() || head.value("format", "") != BackupFormat)
        return fail("not a sealed kiosk backup", "không phải bản sao niêm phong của máy");
    const std::string boxHex = head.value("sealed_to", "");
    const std::string keyB64 = head.value("key", "");
    const auto secret = secretFor(boxHex);
    if (!secret || secret->size() != crypto_box_SECRETKEYBYTES)
        return fail("sealed to a key headquarters does not hold (" + boxHex.substr(0, 16) + "…)",
                    "được niêm phong bằng một khóa trung tâm không có (" + boxHex.substr(0, 16) + "…)");
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    std::array<unsigned char, crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES> sealedKey{};
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> key{};
    const std::optional<std::string> rawKey = base64Decode(keyB64);
    const bool keyRead = rawKey && rawKey->size() == sealedKey.size();
    if (keyRead) std::memcpy(sealedKey.data(), rawKey->data(), sealedKey.size());
    if (!fromHex(boxHex, pk, sizeof pk) || !keyRead ||
        crypto_box_seal_open(key.data(), sealedKey.data(), sealedKey.size(), pk,
                             reinterpret_cast<const unsigned char*>(secret->data())) != 0)
        return fail("its key does not open with headquarters' key (damaged?)",
                    "khóa của nó không mở được bằng khóa trung tâm (bị hỏng?)");

    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    in.read(reinterpret_cast<char*>(header), sizeof header);
    crypto_secretstream_xchacha20poly1305_state st;
    if (in.gcount() != static_cast<std::streamsize>(sizeof header) ||
        crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key.data()) != 0)
        return fail("truncated", "bị cắt cụt");
    sodium_memzero(key.data(), key.size());
    try {
        DurableFile file(out);
        std::vector<unsigned char> cipher;
        std::vector<unsigned char> plain(ChunkBytes);
        for (;;) {
            unsigned char len[4];
            in.read(reinterpret_cast<char*>(len), 4);
            if (in.gcount() != 4)
                return fail("truncated (the copy ends before its last part)", "bị cắt cụt (thiếu phần cuối)");
            const std::size_t clen = std::size_t{len[0]} | std::size_t{len[1]} << 8 | std::size_t{len[2]} << 16 |
                                     std::size_t{len[3]} << 24;
            if (clen < crypto_secretstream_xchacha20poly1305_ABYTES ||
                clen > ChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES)
                return fail("damaged (a part of impossible size)", "bị hỏng");
            cipher.resize(clen);
            in.read(reinterpret_cast<char*>(cipher.data()), static_cast<std::streamsize>(clen));
            if (static_cast<std::size_t>(in.gcount()) != clen)
                return fail("truncated (the copy ends before its last part)", "bị cắt cụt (thiếu phần cuối)");
            unsigned long long plen = 0;
            unsigned char tag = 0;
            if (crypto_secretstream_xchacha20poly1305_pull(&st, plain.data(), &plen, &tag, cipher.data(), clen, nullptr,
                                                           0) != 0)
                return fail("damaged (a part does not open)", "bị hỏng (một phần không mở được)");
            file.write(std::string_view(reinterpret_cast<const char*>(plain.data()), static_cast<std::size_t>(plen)));
            if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
        }
        if (in.peek() != std::char_traits<char>::eof())
            return fail("damaged (bytes after the end of the copy)", "bị hỏng (có dữ liệu thừa sau phần cuối)");
        sodium_memzero(plain.data(), plain.size());
        file.sync();
        file.commit();
    } catch (const std::exception& e) {
        return fail("cannot write " + out.string() + ": " + e.what(), "không ghi được " + out.string());
    }
    return head.value("kiosk_id", "");
}

Expected<RestoreInfo, std::string> restoreKioskDatabase(const fs::path& backup, const fs::path& dbPath) {
    std::error_code ec;
    if (fs::exists(dbPath, ec) || fs::exists(dbPath.string() + "-wal", ec))
        return refuse("a kiosk database is already there (" + dbPath.string() +
                          "); restore onto a new data folder, or move that one away first. Nothing was changed.",
                      "đã có cơ sở dữ liệu của máy ở " + dbPath.string() +
                          "; hãy khôi phục vào một thư mục dữ liệu mới, hoặc chuyển nó đi trước. Chưa thay đổi gì.");
    {
        std::ifstream in(backup, std::ios::binary);
        if (!in) return refuse(backup.string() + " cannot be read", "không đọc được " + backup.string());
        std::string start(32, '\0');
        in.read(start.data(), 32);
        if (start.rfind("{\"format\":\"hailong-backup/", 0) == 0)
            return refuse(
                backup.string() +
                    " is sealed to headquarters' key: headquarters opens it first (hailong hq backup-open)",
                backup.string() +
                    " được niêm phong bằng khóa của trung tâm: trung tâm cần mở nó trước (hailong hq backup-open)");
    }
    RestoreInfo info;
    const fs::path temp = temporaryNameFor(dbPath);
    try {
        SQLite::Database src(backup.string(), SQLite::OPEN_READONLY);
        SQLite::Statement check(src, "PRAGMA integrity_check");
        if (!check.executeStep() || check.getColumn(0).getString() != "ok")
            return refuse(backup.string() + " is damaged (its integrity check fails)",
                          backup.string() + " bị hỏng (kiểm tra toàn vẹn không đạt)");
        if (scalar(src, "PRAGMA user_version") > KioskDatabase::SchemaVersion)
            return refuse(backup.string() + " was made by a newer program",
                          backup.string() + " do chương trình mới hơn tạo ra");
        SQLite::Statement id(src, "SELECT value FROM meta WHERE key = 'kiosk_id'");
        if (!id.executeStep())
            return refuse(backup.string() + " is not a kiosk database",
                          backup.string() + " không phải cơ sở dữ liệu của máy");
        info.kioskId = id.getColumn(0).getString();
        info.responses = scalar(src, "SELECT count(*) FROM responses");
        if (src.tableExists("batches")) info.lastBatch = scalar(src, "SELECT max(number) FROM batches");
        fs::remove(temp, ec);
        copyDatabase(src, temp);
        syncFile(temp);
        renameDurably(temp, dbPath);
    } catch (const std::exception& e) {
        fs::remove(temp, ec);
        return refuse(backup.string() + " cannot be restored: " + e.what(),
                      "không khôi phục được " + backup.string() + ": " + e.what());
    }
    return info;
}

void markRestored(KioskDatabase& db, AuditLog& audit, const std::string& fromFile) {
    const std::int64_t seqMax = guarded(db, "read the numbers to restore",
                                        [&] { return lastGiven(db.db(), "responses"); });
    const std::int64_t auditMax = guarded(db, "read the numbers to restore",
                                          [&] { return lastGiven(db.db(), "audit_log"); });
    guarded(db, "mark the database restored", [&] {
        SQLite::Transaction t(db.db());
        db.setMeta(MetaRestoredSeq, std::to_string(seqMax));
        db.setMeta(MetaRestoredAudit, std::to_string(auditMax));
        db.setMeta(MetaAwaiting, "1");
        t.commit();
    });
    audit.record(audit::KioskRestored, "file=" + fs::path(fromFile).filename().string() + " seq_max=" +
                                           std::to_string(seqMax) + " audit_max=" + std::to_string(auditMax));
}

bool awaitingReceipt(const KioskDatabase& db) { return db.meta(MetaAwaiting).value_or("0") == "1"; }

Settlement settleRestoredNumbers(KioskDatabase& kdb, const HqHolds& holds) {
    auto& db = kdb.db();
    Settlement s;
    const std::int64_t localBatch = scalar(db, "SELECT max(number) FROM batches");
    const std::int64_t localSeq = scalar(db, "SELECT max(seq_last) FROM batches");
    const std::int64_t localAudit = scalar(db, "SELECT max(audit_last) FROM batches");
    const bool restored = awaitingReceipt(kdb);
    if (!restored || holds.number <= localBatch) {
        if (restored) kdb.setMeta(MetaAwaiting, "0");
        s.changed = restored;
        s.nextBatch = localBatch + 1;
        s.nextSeq = localSeq + 1;
        return s;
    }
    if (holds.seqLast < localSeq || holds.auditLast < localAudit)
        throw std::invalid_argument("headquarters' batch " + std::to_string(holds.number) + " ends at seq " +
                                    std::to_string(holds.seqLast) + ", before this kiosk's exported seq " +
                                    std::to_string(localSeq));
    const std::int64_t seqAtRestore = std::stoll(kdb.meta(MetaRestoredSeq).value_or("0"));
    const std::int64_t auditAtRestore = std::stoll(kdb.meta(MetaRestoredAudit).value_or("0"));
    db.exec("PRAGMA defer_foreign_keys = ON");
    // Ratings recorded since the restore took numbers headquarters may hold: move them past.
    if (holds.seqLast > seqAtRestore) {
        const std::int64_t delta = holds.seqLast - seqAtRestore;
        auto shift = [&](const char* sql) {
            SQLite::Statement q(db, sql);
            q.bind(1, delta);
            q.bind(2, seqAtRestore);
            return q.exec();
        };
        db.exec("DELETE FROM export_lines WHERE seq > " + std::to_string(seqAtRestore));
        s.responsesRenumbered = shift("UPDATE responses SET seq = -(seq + ?1) WHERE seq > ?2");
        shift("UPDATE answers SET response_seq = -(response_seq + ?1) WHERE response_seq > ?2");
        db.exec("UPDATE responses SET seq = -seq WHERE seq < 0");
        db.exec("UPDATE answers SET response_seq = -response_seq WHERE response_seq < 0");
        setLastGiven(db, "responses", std::max(lastGiven(db, "responses"), holds.seqLast));
    }
    if (holds.auditLast > auditAtRestore) {
        const std::int64_t delta = holds.auditLast - auditAtRestore;
        SQLite::Statement q(db, "UPDATE audit_log SET id = -(id + ?1) WHERE id > ?2");
        q.bind(1, delta);
        q.bind(2, auditAtRestore);
        s.auditRenumbered = q.exec();
        db.exec("UPDATE audit_log SET id = -id WHERE id < 0");
        setLastGiven(db, "audit_log", std::max(lastGiven(db, "audit_log"), holds.auditLast));
    }
    // Headquarters' last batch, recorded as exported: the next one continues its chain.
    SQLite::Statement in(db,
                         "INSERT INTO batches (number, seq_first, seq_last, audit_first, audit_last, unit_code, "
                         "unit_name, unit_level, counter, export_utc_ms, export_utc_offset_min, export_mono_ms, "
                         "export_boot_id, program, public_key, previous_digest, digest, file_name, folder) "
                         "VALUES (?1, ?2 + 1, ?2, ?3 + 1, ?3, '', '', '', '', 0, 0, 0, '', '', '', '', ?4, '', '')");
    in.bind(1, holds.number);
    in.bind(2, holds.seqLast);
    in.bind(3, holds.auditLast);
    in.bind(4, holds.digestHex);
    in.exec();
    kdb.setMeta(MetaAwaiting, "0");
    s.changed = true;
    s.nextBatch = holds.number + 1;
    s.nextSeq = holds.seqLast + 1;
    return s;
}

}  // namespace hailong::core
