#pragma once
// Files that appear whole or not at all (SPEC 6): written under a temporary name in the
// target folder, flushed (fsync), renamed, and the folder flushed. A drive pulled or full
// half-way leaves no file under the final name.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hailong::core {

/// A write that failed: errnoValue says why (ENOSPC full, EROFS read-only, EIO/ENODEV/ENOENT
/// gone...); the message names the file.
struct WriteError : std::runtime_error {
    WriteError(const std::string& what, int err) : std::runtime_error(what), errnoValue(err) {}
    int errnoValue;
};

/// For tests: called before each write with the file's final name and the offset it would
/// write at; a non-zero errno makes that write fail as the system would.
using WriteFault = std::function<int(const std::filesystem::path& file, std::uint64_t offset)>;

class DurableFile {
public:
    /// Creates the temporary file ".NAME.tmp" beside finalPath. Throws WriteError.
    explicit DurableFile(std::filesystem::path finalPath, WriteFault fault = {});
    ~DurableFile();  ///< not committed: the temporary file is removed
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;

    /// Appends all bytes (retrying short writes). Throws WriteError.
    void write(std::string_view bytes);
    /// Flushes the data to the disk and closes; the file still has its temporary name.
    void sync();
    /// Renames to the final name and flushes the folder. Call sync() first.
    void commit();

    const std::filesystem::path& tempPath() const { return m_temp; }
    const std::filesystem::path& finalPath() const { return m_final; }
    std::uint64_t size() const { return m_offset; }

private:
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    WriteFault m_fault;
    int m_fd = -1;
    std::uint64_t m_offset = 0;
    bool m_committed = false;
};

/// The temporary name DurableFile uses for finalPath (for files written by other code).
std::filesystem::path temporaryNameFor(const std::filesystem::path& finalPath);
/// fsync of a file written by other code (CSV, workbook). Throws WriteError.
void syncFile(const std::filesystem::path& file);
/// rename + fsync of the folder. Throws WriteError.
void renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace hailong::core
