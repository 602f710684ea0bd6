#pragma once
// The kiosk's public key file, printed by `hailong key` for registration at headquarters
// (`hailong hq trust KEYFILE`). JSON, one object:
//   {"format":"hailong-kiosk-key/1","kiosk_id":"<uuid>","public_key":"<64 hex>",
//    "unit":{"code":"…","name":"…","level":"…"},"counter":"…"}
// It holds nothing secret.
#include "base/expected.h"
#include "survey/response.h"

#include <string>

namespace hailong::core {

inline constexpr const char* KeyFileFormat = "hailong-kiosk-key/1";

struct KioskKeyFile {
    std::string kioskId;
    std::string publicKeyHex;
    UnitInfo unit;  ///< as set on the kiosk when the file was made (name, level, counter may be "")
};

/// The file's text (pretty-printed JSON, ending in a newline).
std::string formatKioskKeyFile(const KioskKeyFile& key);
/// Reads a key file's text; the error says what is wrong (for a person, without the file name).
Expected<KioskKeyFile, std::string> parseKioskKeyFile(const std::string& text);

}  // namespace hailong::core
