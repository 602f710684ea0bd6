#include "batch/seal.h"

#include <sodium.h>

#include <stdexcept>
#include <utility>

namespace hailong::core {

namespace {

constexpr const char* DeriveLabel = "hailong-seal/1";

void initSodium() {
    if (sodium_init() < 0) throw std::runtime_error("cannot initialise libsodium");
}

std::array<unsigned char, 32> rawKey(std::string_view hex, const char* what) {
    std::array<unsigned char, 32> out{};
    if (!fromHex(hex, out.data(), out.size()))
        throw std::invalid_argument(std::string(what) + " must be 64 hex digits");
    return out;
}

// k = BLAKE2b-256(shared || seal_key || sealed_to); shared is wiped.
void deriveKey(std::array<unsigned char, 32>& shared, const std::array<unsigned char, 32>& sealKey,
               const std::array<unsigned char, 32>& sealedTo, std::array<unsigned char, 32>& k) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, k.size());
    crypto_generichash_update(&st, shared.data(), shared.size());
    crypto_generichash_update(&st, sealKey.data(), sealKey.size());
    crypto_generichash_update(&st, sealedTo.data(), sealedTo.size());
    crypto_generichash_final(&st, k.data(), k.size());
    sodium_memzero(shared.data(), shared.size());
    sodium_memzero(&st, sizeof st);
}

}  // namespace

bool isWellFormedSealed(std::string_view field) { return field.empty() || sealedCiphertext(field).has_value(); }

std::optional<std::string> sealedCiphertext(std::string_view field) {
    std::string raw;
    if (!sealedCiphertext(field, raw)) return std::nullopt;
    return raw;
}

bool sealedCiphertext(std::string_view field, std::string& out) {
    return field.substr(0, SealedPrefix.size()) == SealedPrefix &&
           base64Decode(field.substr(SealedPrefix.size()), out) && out.size() >= SealTagBytes;
}

std::optional<std::array<unsigned char, 24>> sealNonce(std::string_view uuid, SealedField field) {
    if (uuid.size() != 36 || uuid[8] != '-' || uuid[13] != '-' || uuid[18] != '-' || uuid[23] != '-')
        return std::nullopt;
    std::array<unsigned char, 24> nonce{};
    // The five groups of hex digits (8-4-4-4-12), their 16 bytes in order.
    static constexpr std::pair<std::size_t, std::size_t> Groups[] = {{0, 8}, {9, 4}, {14, 4}, {19, 4}, {24, 12}};
    unsigned char* out = nonce.data();
    for (const auto& [at, digits] : Groups) {
        if (!fromHex(uuid.substr(at, digits), out, digits / 2)) return std::nullopt;
        out += digits / 2;
    }
    nonce[16] = static_cast<unsigned char>(field);
    return nonce;
}

BatchSealer::BatchSealer(const KioskKeys& keys, std::string_view kioskId, std::int64_t batchNumber,
                         std::string_view sealedToHex)
    : m_batchNumber(batchNumber) {
    initSodium();
    const std::array<unsigned char, 32> sealedTo = rawKey(sealedToHex, "headquarters' box key (sealed_to)");
    std::string message(DeriveLabel);
    message.append(kioskId);
    for (int i = 0; i < 8; ++i)
        message += static_cast<char>((static_cast<std::uint64_t>(batchNumber) >> (8 * i)) & 0xFF);
    message.append(reinterpret_cast<const char*>(sealedTo.data()), sealedTo.size());
    std::array<unsigned char, 32> esk{}, sealKey{}, shared{};
    keys.deriveSecret(message, esk);
    crypto_scalarmult_base(sealKey.data(), esk.data());
    const bool ok = crypto_scalarmult(shared.data(), esk.data(), sealedTo.data()) == 0;
    sodium_memzero(esk.data(), esk.size());
    if (!ok) {
        sodium_memzero(shared.data(), shared.size());
        throw std::invalid_argument("headquarters' box key (sealed_to) is not a usable X25519 key");
    }
    deriveKey(shared, sealKey, sealedTo, m_key);
    m_sealedToHex = toHex(sealedTo.data(), sealedTo.size());
    m_sealKeyHex = toHex(sealKey.data(), sealKey.size());
}

BatchSealer::~BatchSealer() { sodium_memzero(m_key.data(), m_key.size()); }

std::string BatchSealer::seal(std::string_view uuid, SealedField field, std::string_view text) const {
    if (text.empty()) return {};
    const auto nonce = sealNonce(uuid, field);
    if (!nonce) throw std::invalid_argument("cannot seal a field of response " + std::string(uuid) + ": not a UUID");
    std::string cipher(text.size() + SealTagBytes, '\0');
    unsigned long long size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(cipher.data()), &size,
                                               reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                               nullptr, 0, nullptr, nonce->data(), m_key.data());
    cipher.resize(static_cast<std::size_t>(size));
    return std::string(SealedPrefix) + base64Encode(cipher);
}

BatchOpener::BatchOpener(std::string_view boxSecret, std::string_view sealKeyHex, std::string_view sealedToHex) {
    initSodium();
    if (boxSecret.size() != 32) throw std::invalid_argument("headquarters' box secret must be 32 bytes");
    const std::array<unsigned char, 32> sealKey = rawKey(sealKeyHex, "seal_key");
    const std::array<unsigned char, 32> sealedTo = rawKey(sealedToHex, "sealed_to");
    std::array<unsigned char, 32> shared{};
    if (crypto_scalarmult(shared.data(), reinterpret_cast<const unsigned char*>(boxSecret.data()), sealKey.data()) != 0)
        throw std::invalid_argument("seal_key is not a usable X25519 key");
    deriveKey(shared, sealKey, sealedTo, m_key);
}

BatchOpener::~BatchOpener() { sodium_memzero(m_key.data(), m_key.size()); }

std::optional<std::string> BatchOpener::open(std::string_view uuid, SealedField field, std::string_view sealed) const {
    if (sealed.empty()) return std::string();
    const auto cipher = sealedCiphertext(sealed);
    std::string text;
    if (!cipher || !openCiphertext(uuid, field, *cipher, text)) return std::nullopt;
    return text;
}

bool BatchOpener::openCiphertext(std::string_view uuid, SealedField field, std::string_view cipher,
                                 std::string& text) const {
    const auto nonce = sealNonce(uuid, field);
    if (!nonce || cipher.size() < SealTagBytes) return false;
    text.resize(cipher.size() - SealTagBytes);
    unsigned long long size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(text.data()), &size, nullptr,
                                                   reinterpret_cast<const unsigned char*>(cipher.data()), cipher.size(),
                                                   nullptr, 0, nonce->data(), m_key.data()) != 0)
        return false;
    text.resize(static_cast<std::size_t>(size));
    return true;
}

}  // namespace hailong::core
