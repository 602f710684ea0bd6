// What headquarters records of the packages it makes (table hq_packages, schema 6), and the
// receipts a package carries (hq/receipts.h): both stores.
#include "hq/pg_hq_store.h"
#include "hq/receipts.h"
#include "hq/sqlite_hq_store.h"

#include "pg_hq_parts.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>
#include <zstd.h>

#include <algorithm>
#include <memory>

namespace hailong::core {

// [SECTION] SQLite

std::optional<std::string> SqliteHqStore::batchFile(const std::string& kioskId, std::int64_t number,
                                                    const std::string& digest) const {
    return guard("cannot read the stored batch file", [&]() -> std::optional<std::string> {
        SQLite::Statement q(m_db, "SELECT bytes FROM batch_files WHERE kiosk_id = ? AND number = ? AND digest = ?");
        q.bind(1, kioskId);
        q.bind(2, number);
        q.bind(3, digest);
        if (!q.executeStep()) return std::nullopt;
        const SQLite::Column bytes = q.getColumn(0);
        return std::string(static_cast<const char*>(bytes.getBlob()), static_cast<std::size_t>(bytes.getBytes()));
    });
}

PackageRecord SqliteHqStore::recordPackage(const std::function<PackageRecord(std::int64_t serial)>& make) {
    return guard("cannot record the package", [&] {
        // IMMEDIATE: the write lock first, so a second process waits here for the serial.
        SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
        const std::int64_t serial = m_db.execAndGet("SELECT coalesce(max(serial), 0) + 1 FROM hq_packages").getInt64();
        PackageRecord r = make(serial);
        r.serial = serial;
        SQLite::Statement q(m_db, "INSERT INTO hq_packages VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, r.serial);
        q.bind(2, r.target);
        q.bind(3, r.madeUtcMs);
        q.bind(4, r.fileName);
        q.bind(5, r.digestHex);
        q.bind(6, r.carried);
        q.exec();
        tx.commit();
        return r;
    });
}

std::vector<PackageRecord> SqliteHqStore::packages() const {
    return guard("cannot read the packages", [&] {
        std::vector<PackageRecord> out;
        SQLite::Statement q(m_db, "SELECT serial, target, made_utc_ms, file_name, digest, carried FROM hq_packages "
                                  "ORDER BY serial");
        while (q.executeStep())
            out.push_back(PackageRecord{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                        q.getColumn(2).getInt64(), q.getColumn(3).getString(),
                                        q.getColumn(4).getString(), q.getColumn(5).getString()});
        return out;
    });
}

// [SECTION] PostgreSQL

std::optional<std::string> PgHqStore::batchFile(const std::string& kioskId, std::int64_t number,
                                                const std::string& digest) const {
    const PgResult r = m_db.execPrepared(
        "SELECT bytes FROM batch_files WHERE kiosk_id = $1 AND number = $2 AND digest = $3",
        {kioskId, pg_hq::num(number), digest});
    if (r.rows() == 0) return std::nullopt;
    return pg_hq::unhex(r.text(0, 0));
}

PackageRecord PgHqStore::recordPackage(const std::function<PackageRecord(std::int64_t serial)>& make) {
    PgTransaction tx(m_db);
    // EXCLUSIVE: readers go on, a second writer of packages waits here until this one commits,
    // then reads the serial it recorded.
    m_db.exec("LOCK TABLE hq_packages IN EXCLUSIVE MODE");
    const std::int64_t serial = m_db.exec("SELECT coalesce(max(serial), 0) + 1 FROM hq_packages").int64(0, 0);
    PackageRecord r = make(serial);
    r.serial = serial;
    m_db.exec("INSERT INTO hq_packages VALUES ($1, $2, $3, $4, $5, $6)",
              {pg_hq::num(r.serial), r.target, pg_hq::num(r.madeUtcMs), r.fileName, r.digestHex, r.carried});
    tx.commit();
    return r;
}

std::vector<PackageRecord> PgHqStore::packages() const {
    const PgResult r = m_db.exec(
        "SELECT serial, target, made_utc_ms, file_name, digest, carried FROM hq_packages ORDER BY serial");
    std::vector<PackageRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(PackageRecord{r.int64(i, 0), pg_hq::str(r.text(i, 1)), r.int64(i, 2), pg_hq::str(r.text(i, 3)),
                                    pg_hq::str(r.text(i, 4)), pg_hq::str(r.text(i, 5))});
    return out;
}

// [SECTION] Receipts

namespace {

/// The head (first line) of a stored batch file, decompressed no further than it. The file was
/// verified when it was imported. Nothing if it does not read.
std::optional<nlohmann::json> headOf(const std::string& bytes) {
    const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
    if (!dctx) return std::nullopt;
    constexpr std::size_t MaxHead = std::size_t{1} << 20;
    std::string text;
    std::string out(std::size_t{64} << 10, '\0');
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (text.find('\n') == std::string::npos) {
        ZSTD_outBuffer o{out.data(), out.size(), 0};
        const std::size_t left = ZSTD_decompressStream(dctx.get(), &o, &in);
        if (ZSTD_isError(left) || (o.pos == 0 && in.pos == in.size)) return std::nullopt;
        text.append(out.data(), o.pos);
        if (text.size() > MaxHead) return std::nullopt;
    }
    try {
        return nlohmann::json::parse(text.substr(0, text.find('\n')));
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

/// The batch whose head tells a kiosk's unit: the highest-numbered counted one, else the
/// highest-numbered stored.
const StoredBatch* latest(const std::vector<StoredBatch>& batches, bool countedOnly) {
    const StoredBatch* best = nullptr;
    for (const StoredBatch& b : batches)
        if ((!countedOnly || b.status.counted) && (!best || b.entry.number > best->entry.number)) best = &b;
    return best;
}

}  // namespace

BatchReceipt batchReceipt(const HqStore& store, const std::string& kioskId) {
    BatchReceipt r;
    r.kioskId = kioskId;
    std::vector<StoredBatch> all = store.batches(kioskId, false);
    std::vector<std::int64_t> numbers;
    for (const StoredBatch& b : all)
        if (b.status.counted) numbers.push_back(b.entry.number);
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    for (const std::int64_t n : numbers) {
        if (n != r.upTo + 1) break;
        r.upTo = n;
    }
    const StoredBatch* last = latest(all, true);
    if (!last) return r;
    r.lastNumber = last->entry.number;
    r.lastDigestHex = last->entry.digest;
    r.lastSeqLast = std::max<std::int64_t>(0, last->entry.seqLast);
    if (const auto bytes = store.batchFile(kioskId, last->entry.number, last->entry.digest))
        if (const auto head = headOf(*bytes))
            r.lastAuditLast = std::max<std::int64_t>(0, head->value("audit_last", std::int64_t{0}));
    return r;
}

std::string kioskUnit(const HqStore& store, const TrustedKiosk& kiosk) {
    const std::vector<StoredBatch> all = store.batches(kiosk.kioskId, false);
    const StoredBatch* last = latest(all, true);
    if (!last) last = latest(all, false);
    if (!last) return kiosk.unit.code;
    if (const auto bytes = store.batchFile(kiosk.kioskId, last->entry.number, last->entry.digest))
        if (const auto head = headOf(*bytes))
            if (const auto unit = head->find("unit"); unit != head->end() && unit->is_object())
                return unit->value("code", kiosk.unit.code);
    return kiosk.unit.code;
}

std::vector<std::string> kiosksOfUnit(const HqStore& store, const std::string& unitCode) {
    std::vector<std::string> out;
    for (const KioskStatus& k : store.kiosks())
        if (kioskUnit(store, k.kiosk) == unitCode) out.push_back(k.kiosk.kioskId);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace hailong::core
