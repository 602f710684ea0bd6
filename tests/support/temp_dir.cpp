#include "support/temp_dir.h"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

namespace hailong::test {

TempDir::TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "hailong-test-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + templ);
    m_path = templ;
}

TempDir::~TempDir() {
    std::error_code ec;  // never throw from a destructor
    std::filesystem::remove_all(m_path, ec);
}

}  // namespace hailong::test
