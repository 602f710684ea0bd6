// Headquarters' keys: the public key file a kiosk pins, its fingerprint, and the secret keys'
// folder (hq_keys.h; docs/package-format.md, section 6).
#include "batch/hq_keys.h"

#include "batch/kiosk_keys.h"
#include "signed_file.h"

#include <simdjson.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {

constexpr const char* SecretMagic = "hailong-hq-secret-key/1";
constexpr const char* CurrentFile = "hq.secret";
constexpr const char* RetiredFolder = "retired";
constexpr std::size_t MaxNameBytes = 200;

void initSodium() {
    if (sodium_init() < 0) throw KeyError("cannot initialise libsodium (no entropy source?)");
}

std::string errnoText() { return std::strerror(errno); }

/// A name for people: one line of UTF-8 text without control characters, at most 200 bytes.
bool validName(std::string_view name) {
    if (name.size() > MaxNameBytes) return false;
    if (simdjson::validate_utf8(name.data(), name.size()) == false) return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

}  // namespace

// [SECTION] Public key file

std::string HqPublicKey::fingerprint() const {
    initSodium();
    const auto sign = fromHex(signHex, 32);
    const auto box = fromHex(boxHex, 32);
    if (!sign || !box) return "";
    const std::string message = std::string(HqKeyFileFormat) + *sign + *box;
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       nullptr, 0);
    std::string out;
    for (int i = 0; i < 8; ++i) {
        const unsigned group = (unsigned{digest[2 * i]} << 8) | unsigned{digest[2 * i + 1]};
        char buf[8];
        std::snprintf(buf, sizeof buf, "%05u", group);
        if (i) out += ' ';
        out += buf;
    }
    return out;
}

std::string formatHqKeyFile(const HqPublicKey& key) {
    using signed_file::putStr;
    std::string out = "{\n  \"format\": ";
    putStr(out, HqKeyFileFormat);
    out += ",\n  \"sign_key\": ";
    putStr(out, key.signHex);
    out += ",\n  \"box_key\": ";
    putStr(out, key.boxHex);
    out += ",\n  \"name\": ";
    putStr(out, key.name);
    out += ",\n  \"fingerprint\": ";
    putStr(out, key.fingerprint());
    out += "\n}\n";
    return out;
}

Expected<HqPublicKey, std::string> parseHqKeyFile(const std::string& text) {
    auto fail = [](const std::string& en, const std::string& vi) { return unexpected(en + " / " + vi); };
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (text.size() > 64 * 1024)
        return fail("too large to be a headquarters key file", "quá lớn, không phải tệp khóa của trung tâm");
    if (parser.parse(text).get(root) != simdjson::SUCCESS)
        return fail("not JSON: not a headquarters key file", "không phải JSON: không phải tệp khóa của trung tâm");
    simdjson::dom::object o;
    if (root.get(o) != simdjson::SUCCESS)
        return fail("not a headquarters key file (not a JSON object)",
                    "không phải tệp khóa của trung tâm (không phải đối tượng JSON)");
    std::string_view format;
    if (o["format"].get(format) != simdjson::SUCCESS)
        return fail("not a headquarters key file (no \"format\")", "không phải tệp khóa của trung tâm (thiếu \"format\")");
    if (format != HqKeyFileFormat) {
        if (format.rfind("hailong-hq-key/", 0) == 0)
            return fail("format \"" + std::string(format) + "\" is made by a newer program; this one reads " +
                            HqKeyFileFormat,
                        "định dạng \"" + std::string(format) + "\" do chương trình mới hơn tạo; chương trình này đọc " +
                            HqKeyFileFormat);
        return fail("format \"" + std::string(format) + "\" is not a headquarters key file",
                    "định dạng \"" + std::string(format) + "\" không phải tệp khóa của trung tâm");
    }
    if (const auto twice = signed_file::findDuplicateKey(root))
        return fail("the key \"" + twice->key + "\" appears twice: refused",
                    "khóa \"" + twice->key + "\" xuất hiện hai lần: bị từ chối");
    for (const auto field : o) {
        const std::string_view k = field.key;
        if (k != "format" && k != "sign_key" && k != "box_key" && k != "name" && k != "fingerprint")
            return fail("unknown key \"" + std::string(k) + "\"", "khóa không rõ \"" + std::string(k) + "\"");
    }
    HqPublicKey key;
    const auto hexField = [&](const char* field, std::string& into) -> bool {
        std::string_view v;
        if (o[field].get(v) != simdjson::SUCCESS || !signed_file::isLowerHex(v, 32)) return false;
        into = std::string(v);
        return true;
    };
    if (!hexField("sign_key", key.signHex))
        return fail("\"sign_key\" must be 64 lower-case hex digits (0-9, a-f)",
                    "\"sign_key\" phải là 64 chữ số thập lục phân viết thường (0-9, a-f)");
    if (!hexField("box_key", key.boxHex))
        return fail("\"box_key\" must be 64 lower-case hex digits (0-9, a-f)",
                    "\"box_key\" phải là 64 chữ số thập lục phân viết thường (0-9, a-f)");
    if (simdjson::dom::element n; o["name"].get(n) == simdjson::SUCCESS) {
        std::string_view name;
        if (n.get(name) != simdjson::SUCCESS || !validName(name))
            return fail("\"name\" must be one line of text (at most 200 bytes)",
                        "\"name\" phải là một dòng chữ (tối đa 200 byte)");
        key.name = std::string(name);
    }
    std::string_view written;
    if (o["fingerprint"].get(written) != simdjson::SUCCESS)
        return fail("\"fingerprint\" is missing", "thiếu \"fingerprint\"");
    if (written != key.fingerprint())
        return fail("the fingerprint written in the file (" + std::string(written) +
                        ") is not that of its keys: the file was changed or damaged",
                    "dấu vân tay ghi trong tệp (" + std::string(written) +
                        ") không khớp với các khóa: tệp đã bị sửa hoặc hỏng");
    return key;
}

// [SECTION] Secret keys

struct HqKeyring::Pair {
    std::array<unsigned char, crypto_sign_SECRETKEYBYTES> signSecret{};
    std::array<unsigned char, crypto_box_SECRETKEYBYTES> boxSecret{};
    HqPublicKey pub;
    Pair() = default;
    Pair(const Pair&) = default;
    Pair(Pair&&) = default;
    Pair& operator=(const Pair&) = default;
    Pair& operator=(Pair&&) = default;
    ~Pair() {
        sodium_memzero(signSecret.data(), signSecret.size());
        sodium_memzero(boxSecret.data(), boxSecret.size());
    }
};

namespace {

struct SecretText {
    std::string text;
    ~SecretText() { sodium_memzero(text.data(), text.size()); }
};

void fsyncFolder(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// The folder, made or tightened to 0700.
void makePrivateFolder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw KeyError("cannot create the headquarters key folder " + dir.string() + ": " + ec.message());
    if (::chmod(dir.c_str(), 0700) != 0)
        throw KeyError("cannot restrict the headquarters key folder " + dir.string() + " to its owner: " + errnoText());
}

/// Writes a secret file created 0600 with O_EXCL under a temporary name, flushed, then
/// renamed to file (replacing it) and the folder flushed.
void writeSecretFile(const fs::path& file, const std::string& text) {
    const fs::path tmp = file.string() + ".new";
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw KeyError("cannot create the headquarters key file " + tmp.string() + ": " + errnoText());
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const std::string why = ok ? "" : errnoText();
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        throw KeyError("cannot write the headquarters key file " + tmp.string() + ": " + why);
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        const std::string renameWhy = errnoText();
        ::unlink(tmp.c_str());
        throw KeyError("cannot put the headquarters key file in place " + file.string() + ": " + renameWhy);
    }
    fsyncFolder(file.parent_path());
}

}  // namespace

namespace {

HqPublicKey publicOf(const unsigned char* signSecret, const unsigned char* boxSecret, const std::string& name) {
    unsigned char signPk[crypto_sign_PUBLICKEYBYTES];
    unsigned char boxPk[crypto_box_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(signPk, signSecret);
    crypto_scalarmult_base(boxPk, boxSecret);
    return HqPublicKey{toHex(signPk, sizeof signPk), toHex(boxPk, sizeof boxPk), name};
}

}  // namespace

HqKeyring::HqKeyring() = default;
HqKeyring::HqKeyring(HqKeyring&&) noexcept = default;
HqKeyring& HqKeyring::operator=(HqKeyring&&) noexcept = default;
HqKeyring::~HqKeyring() = default;

namespace {

std::string secretText(const unsigned char* signSecret, std::size_t signBytes, const unsigned char* boxSecret,
                       std::size_t boxBytes, const std::string& name) {
    return std::string(SecretMagic) + "\n" + toHex(signSecret, signBytes) + "\n" + toHex(boxSecret, boxBytes) + "\n" +
           name + "\n";
}

}  // namespace

namespace {

// Reads one secret file; the message names it.
void readPairFile(const fs::path& file, unsigned char* signSecret, unsigned char* boxSecret, std::string& name) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        throw KeyError("cannot read the headquarters key file " + file.string() + ": " + errnoText());
    if ((st.st_mode & 077) != 0 && ::chmod(file.c_str(), 0600) != 0)
        throw KeyError("the headquarters key file " + file.string() +
                       " can be read by others and cannot be restricted: " + errnoText());
    std::ifstream in(file, std::ios::binary);
    if (!in) throw KeyError("cannot read the headquarters key file " + file.string());
    SecretText magic, signHex, boxHex;
    std::getline(in, magic.text);
    std::getline(in, signHex.text);
    std::getline(in, boxHex.text);
    std::getline(in, name);
    if (magic.text != SecretMagic)
        throw KeyError("the file " + file.string() + " is not a Hài Lòng headquarters key file");
    auto sign = fromHex(signHex.text, crypto_sign_SECRETKEYBYTES);
    auto box = fromHex(boxHex.text, crypto_box_SECRETKEYBYTES);
    if (!sign || !box || !in)
        throw KeyError("the headquarters key file " + file.string() +
                       " is damaged (expected 128 and 64 hex digits and a name)");
    std::memcpy(signSecret, sign->data(), crypto_sign_SECRETKEYBYTES);
    std::memcpy(boxSecret, box->data(), crypto_box_SECRETKEYBYTES);
    sodium_memzero(sign->data(), sign->size());
    sodium_memzero(box->data(), box->size());
    // The Ed25519 secret holds its public half: a file whose halves disagree is damaged.
    unsigned char derived[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(derived, signSecret);
    unsigned char seed[crypto_sign_SEEDBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, signSecret);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk, sizeof sk);
    if (std::memcmp(pk, derived, sizeof pk) != 0)
        throw KeyError("the headquarters key file " + file.string() + " is damaged (its signing key does not match)");
}

}  // namespace

HqKeyring HqKeyring::create(const fs::path& dir, const std::string& name) {
    initSodium();
    if (!validName(name))
        throw KeyError("the name of the headquarters key must be one line of text (at most 200 bytes) (tên khóa "
                       "phải là một dòng chữ, tối đa 200 byte)");
    if (fs::exists(dir / CurrentFile))
        throw KeyError("the folder " + dir.string() + " already holds a headquarters key (" +
                       (dir / CurrentFile).string() +
                       "): it is kept; use `hailong hq key rotate` to replace it (thư mục đã có khóa của trung tâm: "
                       "giữ nguyên; muốn thay thì dùng `hailong hq key rotate`)");
    makePrivateFolder(dir);
    HqKeyring ring;
    Pair pair;
    unsigned char signPk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(signPk, pair.signSecret.data());
    randombytes_buf(pair.boxSecret.data(), pair.boxSecret.size());
    pair.pub = publicOf(pair.signSecret.data(), pair.boxSecret.data(), name);
    SecretText text{
        secretText(pair.signSecret.data(), pair.signSecret.size(), pair.boxSecret.data(), pair.boxSecret.size(), name)};
    // O_EXCL on the final name too: two `key init` at once never both succeed.
    const int fd = ::open((dir / CurrentFile).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            throw KeyError("the folder " + dir.string() + " already holds a headquarters key: it is kept");
        throw KeyError("cannot create the headquarters key file " + (dir / CurrentFile).string() + ": " + errnoText());
    }
    const bool ok = ::write(fd, text.text.data(), text.text.size()) == static_cast<ssize_t>(text.text.size()) &&
                    ::fsync(fd) == 0;
    const std::string why = ok ? "" : errnoText();
    ::close(fd);
    if (!ok) {
        ::unlink((dir / CurrentFile).c_str());
        throw KeyError("cannot write the headquarters key file " + (dir / CurrentFile).string() + ": " + why);
    }
    fsyncFolder(dir);
    ring.m_pairs.push_back(std::move(pair));
    return ring;
}

HqKeyring HqKeyring::load(const fs::path& dir) {
    initSodium();
    const fs::path current = dir / CurrentFile;
    if (!fs::exists(current))
        throw KeyError("no headquarters key in " + dir.string() + " (" + current.string() +
                       " is missing): make one with `hailong hq key init` (chưa có khóa của trung tâm trong thư mục "
                       "này: hãy tạo bằng `hailong hq key init`)");
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(dir.c_str(), 0700);
    HqKeyring ring;
    Pair pair;
    std::string name;
    readPairFile(current, pair.signSecret.data(), pair.boxSecret.data(), name);
    pair.pub = publicOf(pair.signSecret.data(), pair.boxSecret.data(), name);
    ring.m_pairs.push_back(std::move(pair));
    // Retired pairs, newest first: by the time each was retired (the file's modification
    // time, set when it is retired), then by name.
    struct Retired {
        fs::path file;
        fs::file_time_type when;
    };
    std::vector<Retired> retired;
    std::error_code ec;
    if (fs::is_directory(dir / RetiredFolder, ec)) {
        for (const auto& entry : fs::directory_iterator(dir / RetiredFolder, ec)) {
            if (entry.path().extension() != ".secret") continue;
            retired.push_back(Retired{entry.path(), fs::last_write_time(entry.path(), ec)});
        }
    }
    std::sort(retired.begin(), retired.end(),
              [](const Retired& a, const Retired& b) { return a.when != b.when ? a.when > b.when : a.file < b.file; });
    for (const Retired& r : retired) {
        Pair old;
        std::string oldName;
        readPairFile(r.file, old.signSecret.data(), old.boxSecret.data(), oldName);
        old.pub = publicOf(old.signSecret.data(), old.boxSecret.data(), oldName);
        ring.m_pairs.push_back(std::move(old));
    }
    return ring;
}

HqKeyring HqKeyring::rotate(const fs::path& dir, const std::string& name) {
    initSodium();
    if (!validName(name))
        throw KeyError("the name of the headquarters key must be one line of text (at most 200 bytes) (tên khóa "
                       "phải là một dòng chữ, tối đa 200 byte)");
    HqKeyring ring = load(dir);
    const Pair& old = ring.m_pairs.front();
    // Retired first, then the new pair replaces hq.secret in one rename: at every moment the
    // current pair is in hq.secret, and a pair that was current is never lost.
    makePrivateFolder(dir / RetiredFolder);
    std::string fingerprint = old.pub.fingerprint();
    std::replace(fingerprint.begin(), fingerprint.end(), ' ', '-');
    const fs::path retiredFile = dir / RetiredFolder / (fingerprint + ".secret");
    SecretText oldText{secretText(old.signSecret.data(), old.signSecret.size(), old.boxSecret.data(),
                                  old.boxSecret.size(), old.pub.name)};
    writeSecretFile(retiredFile, oldText.text);
    Pair pair;
    unsigned char signPk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(signPk, pair.signSecret.data());
    randombytes_buf(pair.boxSecret.data(), pair.boxSecret.size());
    pair.pub = publicOf(pair.signSecret.data(), pair.boxSecret.data(), name);
    SecretText text{
        secretText(pair.signSecret.data(), pair.signSecret.size(), pair.boxSecret.data(), pair.boxSecret.size(), name)};
    writeSecretFile(dir / CurrentFile, text.text);
    ring.m_pairs.insert(ring.m_pairs.begin(), std::move(pair));
    return ring;
}

const HqPublicKey& HqKeyring::current() const { return m_pairs.front().pub; }

const HqPublicKey* HqKeyring::previous() const { return m_pairs.size() > 1 ? &m_pairs[1].pub : nullptr; }

std::vector<HqPublicKey> HqKeyring::all() const {
    std::vector<HqPublicKey> keys;
    for (const Pair& p : m_pairs) keys.push_back(p.pub);
    return keys;
}

std::string HqKeyring::signWith(std::string_view signHex, std::string_view message) const {
    for (const Pair& p : m_pairs) {
        if (p.pub.signHex != signHex) continue;
        unsigned char sig[crypto_sign_BYTES];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                             p.signSecret.data());
        return toHex(sig, sizeof sig);
    }
    throw std::invalid_argument("the headquarters keyring holds no key " + std::string(signHex.substr(0, 16)) + "…");
}

std::optional<std::string> HqKeyring::boxSecret(std::string_view boxHex) const {
    for (const Pair& p : m_pairs)
        if (p.pub.boxHex == boxHex)
            return std::string(reinterpret_cast<const char*>(p.boxSecret.data()), p.boxSecret.size());
    return std::nullopt;
}

}  // namespace hailong::core
