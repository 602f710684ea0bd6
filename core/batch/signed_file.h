#pragma once
// What batches and packages share (private to core/batch): the JSON writing with fixed
// escaping and number format, the signature frame at the end of the file and its checks,
// the bounded Zstandard decompression, and the refusal of objects holding a key twice.
#include "base/expected.h"

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core::signed_file {

// [SECTION] JSON out: fixed key order and number format, so the bytes are deterministic.
void putInt(std::string& out, std::int64_t v);
/// A JSON string: ", \ and control characters escaped; other text as it is (UTF-8). Bytes
/// that are not UTF-8 become U+FFFD, so the line stays JSON.
void putStr(std::string& out, std::string_view s);
/// "k": (the key is a literal of the program, never escaped).
void putKey(std::string& out, const char* k);

// [SECTION] Reading

bool isLowerHex(std::string_view hex, std::size_t bytes);

/// A signed file cut into its content (the Zstandard stream) and the trailer's values.
struct SignedParts {
    std::string_view content;
    std::string digestHex;
    std::string signatureHex;
};
/// Checks the trailer's shape and that the digest is that of the content. The reason (in
/// English) says what is wrong; kind: "batch" or "package", as the messages name the file.
Expected<SignedParts, std::string> splitSigned(std::string_view file, std::string_view kind);

/// Decompresses content into text followed by simdjson's padding; more than maxText bytes
/// is refused as a "zip bomb". Returns the text size, or a reason in English.
Expected<std::size_t, std::string> decompress(std::string_view content, std::uint64_t maxText, std::vector<char>& text);

/// The first key that appears twice in one object at any depth, with the key of the object
/// that holds it ("" at the top); nothing if none.
struct DuplicateKey {
    std::string key;
    std::string where;
};
std::optional<DuplicateKey> findDuplicateKey(simdjson::dom::element e);

}  // namespace hailong::core::signed_file
