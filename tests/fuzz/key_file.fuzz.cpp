// libFuzzer target: the kiosk key file parser (parseKioskKeyFile), which headquarters runs on
// files that come in from the field (`hailong hq trust KEYFILE`). What it accepts must print
// back (formatKioskKeyFile) to a file that reads the same.
#include "batch/key_file.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace hailong::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto key = parseKioskKeyFile(text);
    if (!key) return 0;
    const auto again = parseKioskKeyFile(formatKioskKeyFile(*key));
    const bool same = again && again->kioskId == key->kioskId && again->publicKeyHex == key->publicKeyHex &&
                      again->unit.code == key->unit.code && again->unit.name == key->unit.name &&
                      again->unit.level == key->unit.level && again->unit.counter == key->unit.counter;
    if (!same) {
        std::fprintf(stderr, "fuzz_key_file: an accepted key file does not read back the same once printed\n");
        std::abort();
    }
    return 0;
}
