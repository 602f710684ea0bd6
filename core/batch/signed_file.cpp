// What batches and packages share: see signed_file.h.
#include "signed_file.h"

#include "batch/batch_format.h"
#include "batch/kiosk_keys.h"
#include "batch_fields.h"

#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <memory>

namespace hailong::core::signed_file {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
        return 0;  // overlong, surrogate, or beyond U+10FFFF
    return n;
}

// The first key twice in an object at any depth (where: the key holding that object).
std::optional<DuplicateKey> findDuplicate(simdjson::dom::element e, std::string_view where,
                                          std::vector<std::string_view>& keys) {
    if (simdjson::dom::array a; e.get(a) == simdjson::SUCCESS) {
        for (simdjson::dom::element inner : a)
            if (auto found = findDuplicate(inner, where, keys)) return found;
        return std::nullopt;
    }
    simdjson::dom::object o;
    if (e.get(o) != simdjson::SUCCESS) return std::nullopt;
    keys.clear();  // scratch space, reused from object to object
    for (const auto field : o) keys.push_back(field.key);
    std::sort(keys.begin(), keys.end());
    if (const auto twice = std::adjacent_find(keys.begin(), keys.end()); twice != keys.end())
        return DuplicateKey{std::string(*twice), std::string(where)};
    for (const auto field : o)
        if (auto found = findDuplicate(field.value, field.key, keys)) return found;
    return std::nullopt;
}

}  // namespace

// [SECTION] JSON out: fixed key order and number format, so the bytes are deterministic.

void putInt(std::string& out, std::int64_t v) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

// A JSON string: ", \ and control characters escaped; other text as it is (UTF-8). Bytes
// that are not UTF-8 (the kiosk never stores any) become U+FFFD, so the line stays JSON.
void putStr(std::string& out, std::string_view s) {
    out += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (const std::size_t n = utf8Length(s, i)) {
                i += n;
                continue;
            }
        }
        out.append(s.data() + plain, i - plain);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c >= 0x80) {
                out += "\xEF\xBF\xBD";
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
        }
        plain = ++i;
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

void putKey(std::string& out, const char* k) {
    out += '"';
    out += k;
    out += "\":";
}

bool isLowerHex(std::string_view hex, std::size_t bytes) {
    return hex.size() == bytes * 2 && hex.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Expected<SignedParts, std::string> splitSigned(std::string_view file, std::string_view kind) {
    using batch_fields::DigestBytes;
    auto fail = [](std::string why) { return unexpected(std::move(why)); };
    const std::string k(kind);
    if (file.empty()) return fail("the file is empty");
    if (file.size() <= BatchTrailerBytes)
        return fail("truncated or not a " + k + ": it is too short to hold a " + k + " and its signature");
    // The signature frame at the end.
    const std::string_view trailer = file.substr(file.size() - BatchTrailerBytes);
    const std::string expectedFrame = batchTrailer(std::string(64, '0'), std::string(128, '0'));
    const bool shaped = trailer.substr(0, 8) == std::string_view(expectedFrame).substr(0, 8) &&
                        trailer.substr(8, 23) == std::string_view(expectedFrame).substr(8, 23) &&
                        trailer.substr(8 + 23 + 64, 23) == std::string_view(expectedFrame).substr(8 + 23 + 64, 23) &&
                        trailer.substr(BatchTrailerBytes - 3) == "\"}\n";
    if (!shaped) return fail("truncated or damaged: the signature frame at the end of the file is missing or cut");
    SignedParts parts;
    parts.digestHex = std::string(trailer.substr(8 + 23, 64));
    parts.signatureHex = std::string(trailer.substr(8 + 23 + 64 + 23, 128));
    if (!isLowerHex(parts.digestHex, DigestBytes) || !isLowerHex(parts.signatureHex, KioskKeys::SignatureBytes))
        return fail("damaged: the digest and the signature at the end of the file must be lower-case hex digits "
                    "(0-9, a-f)");
    parts.content = file.substr(0, file.size() - BatchTrailerBytes);
    unsigned char digest[DigestBytes];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(parts.content.data()),
                       parts.content.size(), nullptr, 0);
    if (toHex(digest, sizeof digest) != parts.digestHex)
        return fail(std::string("the content does not match its digest: the file was changed or damaged after ") +
                    (k == "batch" ? "export" : "it was made"));
    return parts;
}

// Decompresses the Zstandard content into a buffer with simdjson's padding after it.
// Returns the text size, or a reason.
Expected<std::size_t, std::string> decompress(std::string_view compressed, std::uint64_t maxText,
                                              std::vector<char>& text) {
    // One decompressor a thread, reused (headquarters reads thousands of files).
    thread_local const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> owned(ZSTD_createDCtx(), ZSTD_freeDCtx);
    ZSTD_DCtx* dctx = owned.get();
    if (!dctx) return unexpected(std::string("cannot start the zstd decompressor"));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    std::size_t used = 0;
    const auto cap = static_cast<std::size_t>(
        std::min<std::uint64_t>(maxText, std::numeric_limits<std::size_t>::max() / 2));
    // JSON lines shrink about 6 times: room for 8 at first, doubled when needed.
    text.resize(std::min(compressed.size() * 8 + (1 << 17), cap) + simdjson::SIMDJSON_PADDING);
    ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
    std::size_t last = 1;
    while (in.pos < in.size || last != 0) {
        if (text.size() - used < (1 << 16) + simdjson::SIMDJSON_PADDING) {
            if (text.size() > cap)
                return unexpected("its content is larger than " + std::to_string(maxText) + " bytes: refused");
            text.resize(std::min(text.size() * 2, cap + (1 << 16) + 2 * simdjson::SIMDJSON_PADDING));
        }
        ZSTD_outBuffer out{text.data() + used, text.size() - used - simdjson::SIMDJSON_PADDING, 0};
        last = ZSTD_decompressStream(dctx, &out, &in);
        if (ZSTD_isError(last))
            return unexpected(std::string("its content cannot be decompressed (") + ZSTD_getErrorName(last) + ")");
        used += out.pos;
        if (used > maxText)
            return unexpected("its content is larger than " + std::to_string(maxText) + " bytes: refused");
        if (in.pos == in.size && out.pos == 0 && last != 0)
            return unexpected(std::string("truncated: its compressed content ends early"));
    }
    std::fill(text.begin() + static_cast<std::ptrdiff_t>(used),
              text.begin() + static_cast<std::ptrdiff_t>(used + simdjson::SIMDJSON_PADDING), '\0');
    return used;
}

std::optional<DuplicateKey> findDuplicateKey(simdjson::dom::element e) {
    std::vector<std::string_view> keys;
    return findDuplicate(e, {}, keys);
}

}  // namespace hailong::core::signed_file
