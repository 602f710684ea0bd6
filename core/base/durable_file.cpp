#include "base/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {
[[noreturn]] void fail(const std::string& what, const fs::path& file, int err) {
    throw WriteError(what + " " + file.string() + ": " + std::strerror(err), err);
}

void syncFolder(const fs::path& folder) {
    const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) fail("cannot open the folder", folder, errno);
    const int rc = ::fsync(dir);
    const int err = errno;
    ::close(dir);
    // Some file systems (e.g. FAT on a USB stick via some drivers) refuse fsync on a folder.
    if (rc != 0 && err != EINVAL && err != EROFS) fail("cannot flush the folder", folder, err);
}
}  // namespace

fs::path temporaryNameFor(const fs::path& finalPath) {
    return finalPath.parent_path() / ("." + finalPath.filename().string() + ".tmp");
}

DurableFile::DurableFile(fs::path finalPath, WriteFault fault)
    : m_final(std::move(finalPath)), m_temp(temporaryNameFor(m_final)), m_fault(std::move(fault)) {
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) fail("cannot create", m_temp, errno);
}

DurableFile::~DurableFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) ::unlink(m_temp.c_str());
}

void DurableFile::write(std::string_view bytes) {
    if (m_fd < 0) throw WriteError("write after close of " + m_temp.string(), EBADF);
    if (m_fault) {
        if (const int err = m_fault(m_final, m_offset)) fail("cannot write", m_temp, err);
    }
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", m_temp, errno);
        }
        if (n == 0) fail("cannot write", m_temp, ENOSPC);
        p += n;
        left -= static_cast<std::size_t>(n);
        m_offset += static_cast<std::uint64_t>(n);
    }
}

void DurableFile::sync() {
    if (m_fd < 0) return;
    if (m_fault) {
        if (const int err = m_fault(m_final, m_offset)) fail("cannot flush", m_temp, err);
    }
    if (::fsync(m_fd) != 0) fail("cannot flush", m_temp, errno);
    const int rc = ::close(m_fd);
    m_fd = -1;
    if (rc != 0) fail("cannot close", m_temp, errno);
}

void DurableFile::commit() {
    sync();
    renameDurably(m_temp, m_final);
    m_committed = true;
}

void syncFile(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot open", file, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) fail("cannot flush", file, err);
}

void renameDurably(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename to its final name", to, errno);
    syncFolder(to.parent_path());
}

}  // namespace hailong::core
