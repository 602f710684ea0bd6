// HqLink: headquarters' pinned key, the last package, receipt and message in `meta`.
#include "store/hq_link.h"

#include "store/audit_log.h"
#include "survey/audit_entry.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

namespace hailong::core {

bool isKeyHex(const std::string& hex) {
    return hex.size() == 64 &&
           std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string hqKeyAuditDetail(const PinnedHqKey& key, const std::string& fingerprint) {
    return "fingerprint=" + fingerprint + " sign=" + key.signHex + " box=" + key.boxHex;
}

std::int64_t HqLink::number(const char* key) const {
    const auto v = m_db.meta(key);
    if (!v || v->empty() || v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoll(*v);
}

std::optional<PinnedHqKey> HqLink::pinnedKey() const {
    PinnedHqKey k;
    k.signHex = m_db.meta("hq_sign_key").value_or("");
    k.boxHex = m_db.meta("hq_box_key").value_or("");
    if (!isKeyHex(k.signHex) || !isKeyHex(k.boxHex)) return std::nullopt;
    k.name = m_db.meta("hq_name").value_or("");
    return k;
}

std::int64_t HqLink::lastSerial() const { return number("hq_package_serial"); }

std::optional<StoredReceipt> HqLink::receipt() const {
    if (!m_db.meta("hq_receipt_serial")) return std::nullopt;
    StoredReceipt r;
    r.upTo = number("hq_receipt_up_to");
    r.lastNumber = number("hq_receipt_last_number");
    r.lastDigestHex = m_db.meta("hq_receipt_last_digest").value_or("");
    r.lastSeqLast = number("hq_receipt_seq_last");
    r.lastAuditLast = number("hq_receipt_audit_last");
    r.serial = number("hq_receipt_serial");
    r.madeUtcMs = number("hq_receipt_made_utc_ms");
    return r;
}

std::optional<HqNotice> HqLink::message() const {
    if (!m_db.meta("hq_message_serial")) return std::nullopt;
    HqNotice m;
    m.text = Text{m_db.meta("hq_message_vi").value_or(""), m_db.meta("hq_message_en").value_or("")};
    m.serial = number("hq_message_serial");
    m.madeUtcMs = number("hq_message_made_utc_ms");
    return m;
}

bool HqLink::pinFirst(const PinnedHqKey& key, const std::string& fingerprint, AuditLog& audit) {
    return guarded(m_db, "cannot pin headquarters' key", [&] {
        SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        if (pinnedKey()) return false;
        writeKey(key);
        audit.record(audit::HqKeyPinned, hqKeyAuditDetail(key, fingerprint));  // inside the transaction
        tx.commit();
        return true;
    });
}

void HqLink::writeKey(const PinnedHqKey& key) {
    m_db.setMeta("hq_sign_key", key.signHex);
    m_db.setMeta("hq_box_key", key.boxHex);
    m_db.setMeta("hq_name", key.name);
}

void HqLink::writeSerial(std::int64_t serial) { m_db.setMeta("hq_package_serial", std::to_string(serial)); }

void HqLink::writeReceipt(const StoredReceipt& r) {
    m_db.setMeta("hq_receipt_up_to", std::to_string(r.upTo));
    m_db.setMeta("hq_receipt_last_number", std::to_string(r.lastNumber));
    m_db.setMeta("hq_receipt_last_digest", r.lastDigestHex);
    m_db.setMeta("hq_receipt_seq_last", std::to_string(r.lastSeqLast));
    m_db.setMeta("hq_receipt_audit_last", std::to_string(r.lastAuditLast));
    m_db.setMeta("hq_receipt_serial", std::to_string(r.serial));
    m_db.setMeta("hq_receipt_made_utc_ms", std::to_string(r.madeUtcMs));
}

void HqLink::writeMessage(const HqNotice& m) {
    m_db.setMeta("hq_message_vi", m.text.vi);
    m_db.setMeta("hq_message_en", m.text.en);
    m_db.setMeta("hq_message_serial", std::to_string(m.serial));
    m_db.setMeta("hq_message_made_utc_ms", std::to_string(m.madeUtcMs));
}

}  // namespace hailong::core
