#include "hq/wal_checkpointer.h"

#include <SQLiteCpp/Database.h>

namespace hailong::core {

WalCheckpointer::WalCheckpointer(const std::filesystem::path& database)
    : m_thread([this, path = database.string()] { run(path); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void WalCheckpointer::kick() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_wanted = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::run(const std::string& database) {
    try {
        // Its own connection (one owner a handle): a checkpoint runs beside the writer's.
        SQLite::Database db(database, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_wake.wait(lock, [&] { return m_wanted || m_stop; });
                if (m_stop) return;
                m_wanted = false;
            }
            try {
                db.execAndGet("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (const std::exception&) {  // the writer's final checkpoint tries again
            }
        }
    } catch (const std::exception&) {  // no connection: the writer's final checkpoint does it all
    }
}

}  // namespace hailong::core
