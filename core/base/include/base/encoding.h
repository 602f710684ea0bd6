#pragma once
// Bytes as text: lower-case hex and RFC 4648 base64 (the standard alphabet, padded). Keys,
// digests and sealed fields are written with them (batches, packages, key files, backups).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

/// "aabb..." from bytes.
std::string toHex(const unsigned char* data, std::size_t size);
/// The bytes of hex (lower- or upper-case) of exactly that many bytes; nothing otherwise.
std::optional<std::string> fromHex(std::string_view hex, std::size_t bytes);
/// The same into out[0, bytes), without allocating; false (out unspecified) otherwise.
bool fromHex(std::string_view hex, unsigned char* out, std::size_t bytes);

/// Base64 of bytes, padded.
std::string base64Encode(std::string_view bytes);
/// The bytes of a canonical base64 text (padded, standard alphabet, unused bits zero: one text
/// per byte string); nothing otherwise.
std::optional<std::string> base64Decode(std::string_view text);
/// The same into out (its buffer reused: a reader decoding many fields allocates once);
/// false (out unspecified) otherwise.
bool base64Decode(std::string_view text, std::string& out);

}  // namespace hailong::core
