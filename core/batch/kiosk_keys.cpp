#include "batch/kiosk_keys.h"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {
constexpr const char* Magic = "hailong-kiosk-secret-key/1";

void initSodium() {
    if (sodium_init() < 0) throw KeyError("cannot initialise libsodium (no entropy source?)");
}

std::string errnoText() { return std::strerror(errno); }

// Writes the secret key file: created with O_EXCL and mode 0600 from the start (never
// readable by others, not even for a moment), flushed to disk, then renamed into place.
void writeSecret(const fs::path& file, const std::array<unsigned char, 64>& secret) {
    const fs::path tmp = file.string() + ".new";
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw KeyError("cannot create the kiosk key file " + tmp.string() + ": " + errnoText());
    const std::string text = std::string(Magic) + "\n" + toHex(secret.data(), secret.size()) + "\n";
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const std::string why = ok ? "" : errnoText();
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        throw KeyError("cannot write the kiosk key file " + tmp.string() + ": " + why);
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0)
        throw KeyError("cannot put the kiosk key file in place " + file.string() + ": " + errnoText());
    const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::optional<std::array<unsigned char, 64>> readSecret(const fs::path& file) {
    // Only a file that is not there makes a new key; one that cannot be read must never be
    // replaced (its batches could no longer be written again, and headquarters knows it).
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        throw KeyError("cannot read the kiosk key file " + file.string() + ": " + errnoText());
    }
    ::close(fd);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw KeyError("cannot read the kiosk key file " + file.string());
    std::string magic, hex;
    std::getline(in, magic);
    std::getline(in, hex);
    if (magic != Magic) throw KeyError("the kiosk key file " + file.string() + " is not a Hài Lòng key file");
    const auto raw = fromHex(hex, 64);
    if (!raw) throw KeyError("the kiosk key file " + file.string() + " is damaged (expected 128 hex digits)");
    std::array<unsigned char, 64> secret{};
    std::memcpy(secret.data(), raw->data(), 64);
    sodium_memzero(const_cast<char*>(raw->data()), raw->size());
    return secret;
}

std::string publicOf(const std::array<unsigned char, 64>& secret) {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, secret.data());
    return toHex(pk, sizeof pk);
}
}  // namespace

KioskKeys KioskKeys::loadOrCreate(const fs::path& dataDir, KioskDatabase& db, AuditLog& audit) {
    initSodium();
    const fs::path dir = dataDir / "keys";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw KeyError("cannot create the key folder " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    const fs::path file = dir / "kiosk.secret";

    KioskKeys keys;
    if (auto secret = readSecret(file)) {
        keys.m_secret = *secret;
        sodium_memzero(secret->data(), secret->size());
        struct stat st {};
        if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(file.c_str(), 0600);
    } else {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, keys.m_secret.data());
        writeSecret(file, keys.m_secret);
    }
    keys.m_publicHex = publicOf(keys.m_secret);

    const std::optional<std::string> known = db.meta("public_key");
    if (known != keys.m_publicHex) {
        db.setMeta("public_key", keys.m_publicHex);
        if (known) audit.record(audit::KioskKeyReplaced, "old=" + *known + " new=" + keys.m_publicHex);
    }
    return keys;
}

KioskKeys::KioskKeys(KioskKeys&& other) noexcept : m_secret(other.m_secret), m_publicHex(std::move(other.m_publicHex)) {
    sodium_memzero(other.m_secret.data(), other.m_secret.size());
}

KioskKeys::~KioskKeys() { sodium_memzero(m_secret.data(), m_secret.size()); }

std::string KioskKeys::signHex(std::string_view message) const {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         m_secret.data());
    return toHex(sig, sizeof sig);
}

void KioskKeys::deriveSecret(std::string_view message, std::array<unsigned char, 32>& out) const {
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       m_secret.data(), 32);
}

bool verifySignature(std::string_view publicKeyHex, std::string_view message, std::string_view signatureHex) {
    if (sodium_init() < 0) return false;
    const auto pk = fromHex(publicKeyHex, crypto_sign_PUBLICKEYBYTES);
    const auto sig = fromHex(signatureHex, crypto_sign_BYTES);
    if (!pk || !sig) return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

}  // namespace hailong::core
