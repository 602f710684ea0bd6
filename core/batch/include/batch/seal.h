#pragma once
// Personal fields sealed for headquarters (issue 19, docs/batch-format.md section 11). Once a
// kiosk has pinned headquarters' X25519 key it writes `hailong-batch/2`: the response fields
// dossier_code and comment are "" when empty, else "sealed:" + base64 (RFC 4648, padded) of
// their XChaCha20-Poly1305-IETF ciphertext (text + 16-byte tag), with
//
//   esk      = BLAKE2b-256(key = kiosk Ed25519 seed, "hailong-seal/1" || kiosk_id ||
//                          batch number (8 bytes LE) || sealed_to)      (deterministic re-export)
//   seal_key = X25519_base(esk)                                          (in the head)
//   k        = BLAKE2b-256(X25519(esk, sealed_to) || seal_key || sealed_to)
//   nonce    = the response's UUID (16 bytes) || 0x01 dossier_code, 0x02 comment || 7 zero bytes
//
// Headquarters computes the same k from X25519(box secret, seal_key). Secrets are wiped.
#include "base/encoding.h"  // base64Encode, base64Decode
#include "batch/kiosk_keys.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

inline constexpr std::string_view SealedPrefix = "sealed:";
inline constexpr std::size_t SealTagBytes = 16;  ///< Poly1305 tag at the end of each ciphertext

/// Which personal field a ciphertext belongs to (its byte in the nonce).
enum class SealedField : unsigned char { DossierCode = 0x01, Comment = 0x02 };

/// A field as a reader sees it without the key: "" (empty), or "sealed:" + base64 of at least
/// the 16-byte tag. False for anything else (a field in clear, damaged base64).
bool isWellFormedSealed(std::string_view field);
/// The ciphertext of a non-empty well-formed sealed field (see isWellFormedSealed); nothing
/// otherwise. A reader decodes each field once with it, then checks or opens the bytes.
std::optional<std::string> sealedCiphertext(std::string_view field);
/// The same into out, its buffer reused (a reader of a million fields allocates once); false
/// when the field is not a non-empty well-formed sealed field.
bool sealedCiphertext(std::string_view field, std::string& out);

/// The kiosk side: seals the personal fields of one batch.
class BatchSealer {
public:
    /// Derives the batch's ephemeral key from the kiosk's seed. Throws std::invalid_argument
    /// if sealedToHex is not 64 hex digits or not a usable X25519 key.
    BatchSealer(const KioskKeys& keys, std::string_view kioskId, std::int64_t batchNumber,
                std::string_view sealedToHex);
    ~BatchSealer();
    BatchSealer(const BatchSealer&) = delete;
    BatchSealer& operator=(const BatchSealer&) = delete;

    std::int64_t batchNumber() const { return m_batchNumber; }
    const std::string& sealedToHex() const { return m_sealedToHex; }
    const std::string& sealKeyHex() const { return m_sealKeyHex; }
    /// "" for "", else "sealed:" + base64 of the ciphertext. uuid: 36 characters (8-4-4-4-12
    /// hex); throws std::invalid_argument otherwise.
    std::string seal(std::string_view uuid, SealedField field, std::string_view text) const;

private:
    std::array<unsigned char, 32> m_key{};
    std::int64_t m_batchNumber = 0;
    std::string m_sealedToHex, m_sealKeyHex;
};

/// The headquarters side: opens the personal fields of one batch.
class BatchOpener {
public:
    /// boxSecret: 32 raw bytes. Throws std::invalid_argument if a key is malformed or the
    /// shared secret is degenerate (a crafted seal_key).
    BatchOpener(std::string_view boxSecret, std::string_view sealKeyHex, std::string_view sealedToHex);
    ~BatchOpener();
    BatchOpener(const BatchOpener&) = delete;
    BatchOpener& operator=(const BatchOpener&) = delete;

    /// The text of a field as in the file ("" gives ""); nothing if it does not open (wrong
    /// key, damaged, not "sealed:" base64).
    std::optional<std::string> open(std::string_view uuid, SealedField field, std::string_view sealed) const;
    /// The same from the ciphertext's bytes (sealedCiphertext), into text (whose buffer is
    /// reused: opening a field in place, its sealed text being longer than the clear one,
    /// allocates nothing); false, text unspecified, if it does not open. ciphertext must not
    /// be a view into text.
    bool openCiphertext(std::string_view uuid, SealedField field, std::string_view ciphertext, std::string& text) const;

private:
    std::array<unsigned char, 32> m_key{};
};

/// The nonce of a field: UUID bytes || field || 7 zero bytes. Nothing if uuid is malformed.
std::optional<std::array<unsigned char, 24>> sealNonce(std::string_view uuid, SealedField field);

}  // namespace hailong::core
