#include "batch/key_file.h"

#include "batch/kiosk_keys.h"

#include "base/ids.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>
#include <set>
#include <vector>

namespace hailong::core {

std::string formatKioskKeyFile(const KioskKeyFile& key) {
    nlohmann::ordered_json j;
    j["format"] = KeyFileFormat;
    j["kiosk_id"] = key.kioskId;
    j["public_key"] = key.publicKeyHex;
    j["unit"] = {{"code", key.unit.code}, {"name", key.unit.name}, {"level", key.unit.level}};
    j["counter"] = key.unit.counter;
    return j.dump(2) + "\n";
}

Expected<KioskKeyFile, std::string> parseKioskKeyFile(const std::string& text) {
    try {
        // A key twice in one object: refused, since JSON readers differ on which value counts
        // (this one takes the last, the batch reader's simdjson the first).
        std::vector<std::set<std::string>> open;
        std::optional<std::string> twice;
        const nlohmann::json j = nlohmann::json::parse(
            text, [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
                if (event == nlohmann::json::parse_event_t::object_start) open.emplace_back();
                if (event == nlohmann::json::parse_event_t::object_end && !open.empty()) open.pop_back();
                if (event == nlohmann::json::parse_event_t::key && !open.empty() && !twice &&
                    !open.back().insert(parsed.get<std::string>()).second)
                    twice = parsed.get<std::string>();
                return true;
            });
        if (twice) return unexpected("the key \"" + *twice + "\" appears twice in one object: refused");
        if (!j.is_object() || j.value("format", "") != KeyFileFormat)
            return unexpected(std::string("not a Hài Lòng kiosk key file (\"format\" must be \"") + KeyFileFormat +
                              "\")");
        KioskKeyFile k;
        k.kioskId = j.at("kiosk_id").get<std::string>();
        k.publicKeyHex = j.at("public_key").get<std::string>();
        if (!isUuid(k.kioskId)) return unexpected(std::string("kiosk_id is not a kiosk id (a UUID)"));
        if (!fromHex(k.publicKeyHex, KioskKeys::PublicKeyBytes))
            return unexpected(std::string("public_key must be 64 hex digits"));
        for (char& c : k.publicKeyHex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (j.contains("unit")) {
            const auto& u = j.at("unit");
            k.unit.code = u.value("code", "");
            k.unit.name = u.value("name", "");
            k.unit.level = u.value("level", "");
        }
        k.unit.counter = j.value("counter", "");
        return k;
    } catch (const nlohmann::json::exception& e) {
        return unexpected(std::string("not a valid key file: ") + e.what());
    }
}

}  // namespace hailong::core
