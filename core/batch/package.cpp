// Writing packages (package.h; docs/package-format.md): one JSON line in a fixed key order,
// compressed, then the signature frame of batches.
#include "batch/package.h"

#include "batch/batch_format.h"
#include "batch/kiosk_keys.h"
#include "batch_fields.h"
#include "signed_file.h"

#include <sodium.h>
#include <zstd.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace hailong::core {

namespace {

using signed_file::putInt;
using signed_file::putKey;
using signed_file::putStr;

constexpr int CompressionLevel = 3;

std::string packageLine(const Package& p) {
    std::string o;
    o.reserve(4096);
    // One JSON member per line, its key and value side by side.
    // clang-format off
    o += '{'; putKey(o, "format"); putStr(o, PackageFormat);
    o += ','; putKey(o, "hq_key"); putStr(o, p.hqSignHex);
    o += ','; putKey(o, "serial"); putInt(o, p.serial);
    o += ','; putKey(o, "made_utc_ms"); putInt(o, p.madeUtcMs);
    o += ','; putKey(o, "for"); o += '{';
    if (!p.target.unitCode.empty()) { putKey(o, "unit"); putStr(o, p.target.unitCode); }
    else { putKey(o, "kiosk"); putStr(o, p.target.kioskId); }
    o += '}';
    if (p.questionnaire) {
        o += ','; putKey(o, "questionnaire"); o += '{';
        putKey(o, "id"); putStr(o, p.questionnaire->id);
        o += ','; putKey(o, "version"); putInt(o, p.questionnaire->version);
        o += ','; putKey(o, "source"); putStr(o, p.questionnaire->source);
        o += '}';
    }
    if (!p.settings.empty()) {
        const PackageSettings& s = p.settings;
        o += ','; putKey(o, "settings"); o += '{';
        bool first = true;
        const auto member = [&](const char* k) { if (!first) o += ','; first = false; putKey(o, k); };
        if (s.unitCode) { member("unit_code"); putStr(o, *s.unitCode); }
        if (s.unitName) { member("unit_name"); putStr(o, *s.unitName); }
        if (s.unitLevel) { member("unit_level"); putStr(o, *s.unitLevel); }
        if (!s.counters.empty()) {
            member("counters"); o += '{';
            bool firstCounter = true;
            for (const auto& [kiosk, name] : s.counters) {
                if (!firstCounter) o += ',';
                firstCounter = false;
                putStr(o, kiosk); o += ':'; putStr(o, name);
            }
            o += '}';
        }
        if (s.procedures) {
            member("procedures"); o += '[';
            for (std::size_t i = 0; i < s.procedures->size(); ++i) {
                const Procedure& pr = (*s.procedures)[i];
                if (i) o += ',';
                o += '['; putStr(o, pr.code); o += ','; putStr(o, pr.name.vi); o += ','; putStr(o, pr.name.en); o += ']';
            }
            o += ']';
        }
        if (s.hours) {
            std::string days;
            for (bool open : s.hours->days) days += open ? '1' : '0';
            member("hours"); o += '{';
            putKey(o, "open"); putStr(o, formatHoursMinutes(s.hours->openMinute));
            o += ','; putKey(o, "close"); putStr(o, formatHoursMinutes(s.hours->closeMinute));
            o += ','; putKey(o, "days"); putStr(o, days);
            o += '}';
        }
        o += '}';
    }
    if (p.message) {
        o += ','; putKey(o, "message"); o += '{';
        putKey(o, "vi"); putStr(o, p.message->vi);
        o += ','; putKey(o, "en"); putStr(o, p.message->en);
        o += '}';
    }
    o += ','; putKey(o, "receipts"); o += '[';
    for (std::size_t i = 0; i < p.receipts.size(); ++i) {
        const BatchReceipt& r = p.receipts[i];
        if (i) o += ',';
        o += '{'; putKey(o, "kiosk_id"); putStr(o, r.kioskId);
        o += ','; putKey(o, "up_to"); putInt(o, r.upTo);
        o += ','; putKey(o, "last"); o += '{';
        putKey(o, "number"); putInt(o, r.lastNumber);
        o += ','; putKey(o, "digest"); putStr(o, r.lastDigestHex);
        o += ','; putKey(o, "seq_last"); putInt(o, r.lastSeqLast);
        o += ','; putKey(o, "audit_last"); putInt(o, r.lastAuditLast);
        o += "}}";
    }
    o += ']';
    if (p.newHqKey) {
        o += ','; putKey(o, "new_hq_key"); o += '{';
        putKey(o, "sign_key"); putStr(o, p.newHqKey->signHex);
        o += ','; putKey(o, "box_key"); putStr(o, p.newHqKey->boxHex);
        o += ','; putKey(o, "name"); putStr(o, p.newHqKey->name);
        o += '}';
    }
    o += "}\n";
    // clang-format on
    return o;
}

std::string compress(const std::string& text) {
    const std::unique_ptr<ZSTD_CCtx, std::size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
    if (!cctx) throw std::runtime_error("cannot start the zstd compressor");
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, CompressionLevel);
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const std::size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), text.data(), text.size());
    if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

}  // namespace

std::string packageSignedText(std::string_view digestHex) {
    return std::string(PackageFormat) + " digest " + std::string(digestHex);
}

std::string writePackage(const Package& package, const HqKeyring& keyring) {
    if (sodium_init() < 0) throw std::runtime_error("cannot initialise libsodium");
    std::string file = compress(packageLine(package));
    unsigned char digest[batch_fields::DigestBytes];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(file.data()), file.size(), nullptr,
                       0);
    const std::string digestHex = toHex(digest, sizeof digest);
    file += batchTrailer(digestHex, keyring.signWith(package.hqSignHex, packageSignedText(digestHex)));
    // What a kiosk would refuse is never written: the package is read back with every check.
    if (auto back = readPackage(file, packageFileName(package)); !back)
        throw std::invalid_argument("the package would be refused by a kiosk: " + back.error().reason.en);
    return file;
}

std::string packageFileName(const Package& package) {
    char serial[32];
    std::snprintf(serial, sizeof serial, "%06lld", static_cast<long long>(package.serial));
    const std::string who = package.target.unitCode.empty() ? package.target.kioskId.substr(0, 8)
                                                            : package.target.unitCode;
    return "hailong-pkg-" + who + "-" + serial + PackageExtension;
}

}  // namespace hailong::core
