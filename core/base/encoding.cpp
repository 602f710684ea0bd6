#include "base/encoding.h"

#include <sodium.h>

namespace hailong::core {

std::string toHex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0f];
    }
    return out;
}

bool fromHex(std::string_view hex, unsigned char* out, std::size_t bytes) {
    if (hex.size() != bytes * 2) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < bytes; ++i) {
        const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return true;
}

std::optional<std::string> fromHex(std::string_view hex, std::size_t bytes) {
    std::string out(hex.size() == bytes * 2 ? bytes : 0, '\0');
    if (!fromHex(hex, reinterpret_cast<unsigned char*>(out.data()), bytes)) return std::nullopt;
    return out;
}

std::string base64Encode(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    std::string out;
    if (!base64Decode(text, out)) return std::nullopt;
    return out;
}

bool base64Decode(std::string_view text, std::string& out) {
    if (text.size() % 4 != 0) return false;
    out.resize(text.size() / 4 * 3);
    std::size_t size = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &size, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return false;
    out.resize(size);
    // Canonical only: one text per ciphertext (padded to a multiple of 4, the unused bits of the
    // last character zero), checked without encoding again (this runs once a sealed field).
    if (text.size() != (size + 2) / 3 * 4) return false;
    if (size % 3 != 0) {
        const char last = text[text.size() - (size % 3 == 1 ? 3 : 2)];
        const int value = last >= 'A' && last <= 'Z'   ? last - 'A'
                          : last >= 'a' && last <= 'z' ? last - 'a' + 26
                          : last >= '0' && last <= '9' ? last - '0' + 52
                          : last == '+'                ? 62
                                                       : 63;
        if ((value & (size % 3 == 1 ? 0x0F : 0x03)) != 0) return false;
    }
    return true;
}

}  // namespace hailong::core
