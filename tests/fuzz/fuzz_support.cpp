#include "fuzz/fuzz_support.h"

#include "batch/batch_format.h"
#include "batch/kiosk_keys.h"

#include <sodium.h>
#include <zstd.h>

#include <cstdlib>
#include <memory>

namespace hailong::fuzz {

const TestKey& testKey() {
    static const TestKey key = [] {
        if (sodium_init() < 0) std::abort();
        TestKey k;
        std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
        seed.fill(0x5a);
        crypto_sign_seed_keypair(k.publicKey.data(), k.secretKey.data(), seed.data());
        k.publicHex = core::toHex(k.publicKey.data(), k.publicKey.size());
        return k;
    }();
    return key;
}

std::string compress(std::string_view text) {
    // One context for the whole run: a fresh one per input would cost more than the read.
    static const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const std::size_t n = ZSTD_compressCCtx(cctx.get(), out.data(), out.size(), text.data(), text.size(), 1);
    if (ZSTD_isError(n)) std::abort();
    out.resize(n);
    return out;
}

std::string seal(std::string_view content) {
    const TestKey& key = testKey();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(content.data()), content.size(),
                       nullptr, 0);
    const std::string digestHex = core::toHex(digest, sizeof digest);
    const std::string message = core::batchSignedText(digestHex);
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         key.secretKey.data());
    return std::string(content) + core::batchTrailer(digestHex, core::toHex(signature, sizeof signature));
}

std::string contentText(std::string_view batchFile) {
    if (batchFile.size() < core::BatchTrailerBytes) return {};
    const std::string_view content = batchFile.substr(0, batchFile.size() - core::BatchTrailerBytes);
    const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    std::string text;
    std::string chunk(1 << 16, '\0');
    ZSTD_inBuffer in{content.data(), content.size(), 0};
    std::size_t left = 1;  // 0 once a frame is complete and flushed
    while (in.pos < in.size || left != 0) {
        ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
        left = ZSTD_decompressStream(dctx.get(), &out, &in);
        if (ZSTD_isError(left) || (in.pos == in.size && out.pos == 0 && left != 0)) return {};
        text.append(chunk.data(), out.pos);
    }
    return text;
}

}  // namespace hailong::fuzz
