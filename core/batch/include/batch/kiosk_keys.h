#pragma once
// The kiosk's own Ed25519 key pair (SPEC 6): made at first start, the private key in a file
// only the kiosk's user can read, never exported; the public key travels in every batch and
// is registered at headquarters (`hailong key`, then `hailong hq trust`).
//
// Files, under DATA_DIR/keys/ (folder mode 0700):
//   kiosk.secret   "hailong-kiosk-secret-key/1\n" + 128 hex digits (libsodium's 64-byte
//                  Ed25519 secret key) + "\n", mode 0600
// The public key is also kept in the database (meta 'public_key'), so a key file that went
// missing is noticed: a new pair is made and the replacement is written to the audit log.
#include "base/encoding.h"  // toHex, fromHex
#include "store/audit_log.h"
#include "store/kiosk_database.h"

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hailong::core {

/// A key file that cannot be read, written or understood; the message names the file.
struct KeyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class KioskKeys {
public:
    static constexpr std::size_t PublicKeyBytes = 32;
    static constexpr std::size_t SignatureBytes = 64;

    /// Loads the key pair from dataDir/keys, making it on first start. If the file is gone
    /// but the database knows a public key, a new pair is made and audit::KioskKeyReplaced
    /// is recorded (old -> new public key). A key file with loose permissions is tightened
    /// to 0600. Throws KeyError (files) or StorageError (database).
    static KioskKeys loadOrCreate(const std::filesystem::path& dataDir, KioskDatabase& db, AuditLog& audit);

    const std::string& publicKeyHex() const { return m_publicHex; }
    /// Ed25519 signature of message, as 128 hex digits.
    std::string signHex(std::string_view message) const;
    /// BLAKE2b-256 of message keyed with the Ed25519 seed (the first 32 bytes of libsodium's
    /// secret key): a secret derived for one purpose, named in message (the batch's sealing key,
    /// seal.h). The caller wipes out.
    void deriveSecret(std::string_view message, std::array<unsigned char, 32>& out) const;

    KioskKeys(const KioskKeys&) = delete;
    KioskKeys& operator=(const KioskKeys&) = delete;
    KioskKeys(KioskKeys&& other) noexcept;
    KioskKeys& operator=(KioskKeys&&) = delete;
    ~KioskKeys();  ///< wipes the secret key from memory

private:
    KioskKeys() = default;
    std::array<unsigned char, 64> m_secret{};
    std::string m_publicHex;
};

/// True if signatureHex is a valid Ed25519 signature of message by publicKeyHex.
[[nodiscard]] bool verifySignature(std::string_view publicKeyHex, std::string_view message,
                                   std::string_view signatureHex);

}  // namespace hailong::core
