#include "hq/hq_import.h"

#include "batch/batch_format.h"
#include "survey/response_store.h"  // StorageError

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace hailong::core {

namespace fs = std::filesystem;

std::vector<fs::path> batchFilesIn(const std::vector<fs::path>& filesOrFolders) {
    std::vector<fs::path> out;
    for (const fs::path& p : filesOrFolders) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<fs::path> inside;
        for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".hlbatch") inside.push_back(it->path());
        std::sort(inside.begin(), inside.end());
        out.insert(out.end(), inside.begin(), inside.end());
    }
    return out;
}

PreparedBatch prepareBatch(Batch batch, std::string bytes, std::string fileName, std::int64_t nowUtcMs) {
    PreparedBatch p;
    p.batch = std::move(batch);
    p.bytes = std::move(bytes);
    p.fileName = std::move(fileName);
    // A kiosk whose clock at export is ahead of ours by more than a day, or a response dated
    // after its own kiosk's export: the clock was wrong. Kept, marked, shown apart in reports.
    constexpr std::int64_t Day = 86'400'000;
    p.clockAhead = p.batch.header.exportUtcMs > nowUtcMs + Day;
    p.supersededWithin = supersededWithin(p.batch);
    BatchTally tally(p.batch, p.clockAhead);
    for (const Response& r : p.batch.responses) {
        tally.add(r, ResponseMark{p.supersededWithin.count(r.uuid) > 0, 0}, +1);
        p.clockSuspect += tally.clockSuspect(r);
    }
    p.tallies = tally.take();
    p.contexts = tally.contexts();
    p.comments = commentsOf(p.batch);
    return p;
}

namespace {

/// Files read, checked and counted by worker threads, handed to the caller in order; at most
/// `window` files ahead of the one the caller is storing, so memory stays bounded.
class PreparedQueue {
public:
    /// load(i): the bytes of file i, or why they cannot be read; names[i]: its name for people.
    using Loader = std::function<Expected<std::string, std::string>(std::size_t)>;
    PreparedQueue(Loader load, const std::vector<std::string>& names, std::int64_t nowUtcMs,
                  const BoxSecretFor& boxSecretFor)
        : m_load(std::move(load)), m_names(names), m_now(nowUtcMs), m_slots(names.size()) {
        m_options.boxSecretFor = boxSecretFor;
        // One core for the caller storing, the others read (on 2 cores, 1 reader beat 2: 1.5 s
        // against 1.8-2.2 s for a million responses, the storing thread starved less). Opening
        // sealed fields doubles the reading (1.9 s alone against 1.1 s), and then the storing
        // thread waited 1.35 s of a 3.25 s import for the one reader: with headquarters' key,
        // one reader a core (2.66 s, the wait 0.43 s).
        const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
        const unsigned n = std::min(boxSecretFor ? cores : cores - 1, 8u);
        m_window = 4 * n;
        for (unsigned i = 0; i < n; ++i) m_threads.emplace_back([this] { work(); });
    }
    ~PreparedQueue() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        for (std::thread& t : m_threads) t.join();
    }
    /// Hands a batch back once stored: a worker frees it (a million responses take a while).
    void recycle(PreparedBatch&& done) {
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back(std::move(done));
        }
        m_cv.notify_one();
    }
    /// File i prepared, or why it was refused. Each i once, in order.
    Expected<PreparedBatch, std::string> take(std::size_t i) {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_slots[i].has_value(); });
        auto out = std::move(*m_slots[i]);
        m_slots[i].reset();
        m_taken = i + 1;
        lock.unlock();
        m_cv.notify_all();
        return out;
    }

private:
    void work() {
        for (;;) {
            std::size_t i;
            std::vector<PreparedBatch> done;
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [&] {
                    return m_stop || m_next >= m_names.size() || m_next < m_taken + m_window || !m_done.empty();
                });
                done.swap(m_done);
                if (!done.empty()) continue;  // freed outside the lock
                if (m_stop || m_next >= m_names.size()) return;
                i = m_next++;
            }
            auto result = prepare(i);
            {
                std::lock_guard lock(m_mutex);
                m_slots[i].emplace(std::move(result));
            }
            m_cv.notify_all();
        }
    }
    Expected<PreparedBatch, std::string> prepare(std::size_t i) {
        try {
            auto bytes = m_load(i);
            if (!bytes) return unexpected(bytes.error());
            auto batch = readBatch(*bytes, m_names[i], m_options);
            if (!batch) return unexpected(batch.error().reason);
            return prepareBatch(std::move(*batch), std::move(*bytes), fs::path(m_names[i]).filename().string(), m_now);
        } catch (const std::bad_alloc&) {
            return unexpected(std::string("too large to be read in the memory of this machine"));
        } catch (const std::exception& e) {  // nothing a file can do must end the import
            return unexpected(std::string("cannot be read: ") + e.what());
        }
    }

    const Loader m_load;
    const std::vector<std::string>& m_names;
    const std::int64_t m_now;
    BatchReadOptions m_options;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::optional<Expected<PreparedBatch, std::string>>> m_slots;
    std::vector<PreparedBatch> m_done;  ///< stored, to be freed by a worker
    std::size_t m_next = 0, m_taken = 0, m_window = 0;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

}  // namespace

namespace {

/// What importBatchFiles and importBatchData share: files[i] named names[i], loaded by load.
ImportSummary importPrepared(HqStore& store, const std::vector<std::string>& names, PreparedQueue::Loader load,
                             std::int64_t nowUtcMs, const std::function<void(std::size_t, std::size_t)>& progress,
                             const BatchGate& gate, const BoxSecretFor& boxSecretFor) {
    ImportSummary summary;
    PreparedQueue queue(std::move(load), names, nowUtcMs, boxSecretFor);
    store.beginImport();
    for (std::size_t i = 0; i < names.size(); ++i) {
        FileImport f;
        f.file = names[i];
        auto prepared = queue.take(i);
        std::optional<TrustedKiosk> known;
        if (!prepared) {
            f.reason = prepared.error();
        } else if (known = store.kiosk(prepared->batch.header.kioskId); !known) {
            f.reason = "kiosk " + prepared->batch.header.kioskId +
                       " is not registered (register its key file with `hailong hq trust`)";
        } else if (known->publicKeyHex != prepared->batch.header.publicKeyHex) {
            f.reason = "signed by another key than the one registered for kiosk " + prepared->batch.header.kioskId;
        } else if (const auto refusal = gate ? gate(prepared->batch, *known) : std::nullopt) {
            f.reason = *refusal;
        } else {
            try {
                std::int64_t sealed = 0;
                for (const HqComment& c : prepared->comments) sealed += !c.text;
                f.outcome = store.importBatch(*prepared, nowUtcMs);
                summary.sealedComments += sealed;
                summary.commentsOpened += f.outcome.commentsOpened;
                queue.recycle(std::move(*prepared));
                f.accepted = true;
            } catch (const StorageError& e) {
                f.reason = std::string("not stored: ") + e.what();
            }
        }
        if (f.accepted) {
            ++summary.accepted;
            summary.newResponses += f.outcome.newResponses;
            summary.knownResponses += f.outcome.knownResponses;
            summary.heldResponses += f.outcome.heldResponses;
        } else {
            ++summary.refused;
            try {
                store.recordRefused(RefusedFile{fs::path(names[i]).filename().string(), f.reason, nowUtcMs});
            } catch (const StorageError&) {
                // the refusal is still reported on screen
            }
        }
        summary.files.push_back(std::move(f));
        if (progress) progress(i + 1, names.size());
    }
    store.sync();
    return summary;
}

}  // namespace

ImportSummary importBatchFiles(HqStore& store, const std::vector<fs::path>& files, std::int64_t nowUtcMs,
                               const std::function<void(std::size_t, std::size_t)>& progress,
                               const BoxSecretFor& boxSecretFor) {
    std::vector<std::string> names;
    for (const fs::path& f : files) names.push_back(f.string());
    const auto load = [&files](std::size_t i) -> Expected<std::string, std::string> {
        auto bytes = readBatchFileBytes(files[i]);
        if (!bytes) return unexpected(bytes.error().reason);
        return std::move(*bytes);
    };
    return importPrepared(store, names, load, nowUtcMs, progress, {}, boxSecretFor);
}

ImportSummary importBatchData(HqStore& store, std::vector<BatchData> files, std::int64_t nowUtcMs,
                              const std::function<void(std::size_t, std::size_t)>& progress, const BatchGate& gate,
                              const BoxSecretFor& boxSecretFor) {
    std::vector<std::string> names;
    for (const BatchData& f : files) names.push_back(f.name);
    const auto load = [&files](std::size_t i) -> Expected<std::string, std::string> {
        return std::move(files[i].bytes);  // each file is loaded once
    };
    return importPrepared(store, names, load, nowUtcMs, progress, gate, boxSecretFor);
}

}  // namespace hailong::core
