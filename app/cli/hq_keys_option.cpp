#include "hq_keys_option.h"

#include "base/data_dir.h"
#include "batch/hq_keys.h"

#include <cstdlib>
#include <memory>

namespace hailong::cli {

namespace fs = std::filesystem;

fs::path hqKeysFolder(const fs::path& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("HAILONG_HQ_KEYS"); env && *env) return env;
    return core::defaultDataDir() / "hq-keys";
}

std::optional<core::BoxSecretFor> loadBoxSecrets(const fs::path& folder, std::string* why) {
    std::error_code ec;
    if (!fs::exists(folder / "hq.secret", ec)) {
        if (why)
            *why = "no headquarters' keys in " + folder.string() +
                   ": sealed comments stay sealed (counted, opened later with --keys or `hailong hq unseal`) / "
                   "không có khóa của trung tâm trong " +
                   folder.string() + ": góp ý niêm phong được giữ nguyên";
        return std::nullopt;
    }
    auto keyring = std::make_shared<core::HqKeyring>(core::HqKeyring::load(folder));
    return core::BoxSecretFor([keyring](const std::string& boxHex) { return keyring->boxSecret(boxHex); });
}

}  // namespace hailong::cli
