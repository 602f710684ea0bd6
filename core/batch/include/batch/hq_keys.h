#pragma once
// Headquarters' keys (SPEC 6, issue 19). Headquarters holds two key pairs made together:
//   - Ed25519, which signs the packages it sends to kiosks (package.h);
//   - X25519, to which kiosks seal the personal fields of their batches (comment, dossier code).
// Their public halves travel as a key file that a kiosk pins (docs/package-format.md):
//
//   {"format": "hailong-hq-key/1", "sign_key": "<64 hex>", "box_key": "<64 hex>",
//    "name": "Văn phòng Bộ Công an", "fingerprint": "04821 33710 …"}
//
// The fingerprint is what people compare aloud over the phone: 8 groups of 5 decimal digits,
// from the first 16 bytes of BLAKE2b-256 over "hailong-hq-key/1" + sign key + box key (the
// 32 raw bytes each); each group is two bytes, big-endian, 00000 … 65535. A reader recomputes
// it and refuses a file whose written fingerprint differs.
//
// The secret halves stay in a folder only headquarters' user can read (mode 0700, files 0600):
//   DIR/hq.secret                     the current pair
//   DIR/retired/<fingerprint>.secret  pairs replaced by `hq key rotate`, kept so batches
//                                     sealed to them still open
// each file "hailong-hq-secret-key/1\n" + Ed25519 secret (128 hex) + "\n" + X25519 secret
// (64 hex) + "\n" + name + "\n".
#include "base/expected.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

inline constexpr const char* HqKeyFileFormat = "hailong-hq-key/1";

/// The public half of headquarters' keys: what a kiosk pins.
struct HqPublicKey {
    std::string signHex;  ///< Ed25519, 64 lower-case hex digits
    std::string boxHex;   ///< X25519, 64 lower-case hex digits
    std::string name;     ///< for people, may be ""
    /// "04821 33710 58213 00017 65535 12345 40000 00999"
    std::string fingerprint() const;
    bool operator==(const HqPublicKey& o) const { return signHex == o.signHex && boxHex == o.boxHex; }
    bool operator!=(const HqPublicKey& o) const { return !(*this == o); }
};

/// The key file's text (pretty-printed JSON, ending in a newline).
std::string formatHqKeyFile(const HqPublicKey& key);
/// Reads a key file's text; the error says what is wrong, in English and Vietnamese
/// ("… / …"), without the file name.
Expected<HqPublicKey, std::string> parseHqKeyFile(const std::string& text);

/// Headquarters' secret keys (the current pair and retired ones). Throws KeyError
/// (kiosk_keys.h) naming the file for anything unreadable. Wipes secrets from memory.
class HqKeyring {
public:
    /// Makes a new pair in dir (created 0700). Refuses (KeyError) if dir already holds one.
    static HqKeyring create(const std::filesystem::path& dir, const std::string& name);
    /// Loads the current pair and the retired ones.
    static HqKeyring load(const std::filesystem::path& dir);
    /// Moves the current pair to retired/ and makes a new current one; the returned keyring
    /// still signs with the former pair through signWith(previous()->signHex, …), to announce
    /// the new key in a package.
    static HqKeyring rotate(const std::filesystem::path& dir, const std::string& name);

    const HqPublicKey& current() const;
    /// The pair in force before the last rotation, if any.
    const HqPublicKey* previous() const;
    /// Every public key, current first.
    std::vector<HqPublicKey> all() const;

    /// Ed25519 signature (128 hex) of message by the pair whose sign key is signHex. Throws
    /// std::invalid_argument if the keyring holds no such pair.
    std::string signWith(std::string_view signHex, std::string_view message) const;
    /// The X25519 secret (32 bytes) of the pair whose box key is boxHex, if held.
    std::optional<std::string> boxSecret(std::string_view boxHex) const;

    HqKeyring(HqKeyring&&) noexcept;
    HqKeyring& operator=(HqKeyring&&) noexcept;
    HqKeyring(const HqKeyring&) = delete;
    HqKeyring& operator=(const HqKeyring&) = delete;
    ~HqKeyring();

private:
    struct Pair;
    HqKeyring();
    std::vector<Pair> m_pairs;  // current first, then retired (newest first)
};

}  // namespace hailong::core
