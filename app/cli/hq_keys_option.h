#pragma once
// The --keys (and --hq-keys) option of the commands that open sealed comments (issue 19):
// headquarters' key folder (batch/hq_keys.h), as `hailong hq key` finds it.
#include "batch/batch_format.h"

#include <filesystem>
#include <optional>
#include <string>

namespace hailong::cli {

/// The folder: given, else $HAILONG_HQ_KEYS, else <defaultDataDir()>/hq-keys.
std::filesystem::path hqKeysFolder(const std::filesystem::path& given);

/// Headquarters' box secrets from the folder for readBatch (current and retired keys). Nothing
/// when the folder holds no keys (then why, in both languages, is in *why). Throws KeyError
/// for a folder whose key files cannot be read.
std::optional<core::BoxSecretFor> loadBoxSecrets(const std::filesystem::path& folder, std::string* why);

/// The help of the option.
inline constexpr const char* HqKeysHelp =
    "Headquarters' key folder (`hailong hq key init`), to open the comments kiosks sealed for headquarters "
    "(default: $HAILONG_HQ_KEYS, else hq-keys in the data folder); without keys they are stored sealed";

}  // namespace hailong::cli
