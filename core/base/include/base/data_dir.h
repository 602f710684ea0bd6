#pragma once
// Where a kiosk keeps its data when no --data-dir is given (SPEC 10).
#include <filesystem>

namespace hailong::core {

/// $XDG_DATA_HOME/hailong, else ~/.local/share/hailong, else ./hailong-data.
std::filesystem::path defaultDataDir();

}  // namespace hailong::core
