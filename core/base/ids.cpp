#include "base/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace hailong::core {

namespace {

std::string formatUuid(const std::array<unsigned char, 16>& b) {
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

bool isLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

RandomIds::RandomIds() {
    // sodium_init is idempotent and thread-safe: 0 = done now, 1 = already done.
    if (sodium_init() < 0) throw std::runtime_error("cannot initialise libsodium (no entropy source?)");
}

std::string RandomIds::newUuid() {
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    // RFC 4122 section 4.4: version 4 in the high nibble of byte 6, variant 10xx in byte 8.
    b[6] = static_cast<unsigned char>((b[6] & 0x0fu) | 0x40u);
    b[8] = static_cast<unsigned char>((b[8] & 0x3fu) | 0x80u);
    return formatUuid(b);
}

std::string SequentialIds::newUuid() {
    char out[37];
    std::snprintf(out, sizeof out, "00000000-0000-4000-8000-%012llx", m_next++);
    return out;
}

bool isUuid(const std::string& text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isLowerHex(text[i])) return false;
    }
    return true;
}

}  // namespace hailong::core
