#pragma once
// What the fuzz targets and their seed generator share: a fixed test key, and sealing
// content into a batch file signed with it (docs/batch-format.md, section 2).
//
// The key is public test material, derived from a constant seed: never a kiosk's key.
#include <array>
#include <string>
#include <string_view>

namespace hailong::fuzz {

struct TestKey {
    std::array<unsigned char, 32> publicKey{};
    std::array<unsigned char, 64> secretKey{};  ///< libsodium's Ed25519 secret key (seed + public key)
    std::string publicHex;
};
/// The fuzzing key pair, the same in every run and every build.
const TestKey& testKey();

/// text as one Zstandard frame at level 1 (as the kiosk writes it).
std::string compress(std::string_view text);
/// content followed by its trailer: the BLAKE2b-256 digest of content, signed with testKey().
std::string seal(std::string_view content);
/// The decompressed text of a batch file's content (all bytes before the trailer); "" if it
/// cannot be decompressed.
std::string contentText(std::string_view batchFile);

}  // namespace hailong::fuzz
