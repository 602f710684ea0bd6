#include "base/data_dir.h"

#include <cstdlib>

namespace hailong::core {

std::filesystem::path defaultDataDir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "hailong";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "hailong";
    return "hailong-data";
}

}  // namespace hailong::core
