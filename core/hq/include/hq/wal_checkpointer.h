#pragma once
// WalCheckpointer: copies a SQLite database's write-ahead log into the database file on a thread
// and a connection of its own, while another connection keeps writing (an import at
// headquarters). Each kick() asks for one PASSIVE checkpoint: it copies the frames committed so
// far without waiting for the writer or the readers, so the writer never waits for its page
// copies or its fsyncs (0.42 s of a sealed import's storing thread, of 2.6 s, when SQLite
// checkpointed on the writer's COMMIT). The writer turns its own automatic checkpoints off
// while one runs, and checkpoints what is left (FULL) when it is done.
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace hailong::core {

class WalCheckpointer {
public:
    explicit WalCheckpointer(const std::filesystem::path& database);
    ~WalCheckpointer();  ///< the checkpoint running, if any, ends first
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    /// After a COMMIT: a checkpoint of what is committed, unless one is already waiting to run.
    /// A checkpoint that fails is left to the writer's final one, which reports its error.
    void kick();

private:
    void run(const std::string& database);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_wanted = false, m_stop = false;
    std::thread m_thread;
};

}  // namespace hailong::core
