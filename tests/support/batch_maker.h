#pragma once
// Real signed batch files of any shape a kiosk can send: a chain, a fork (a kiosk restored from
// an old copy of its database), an overlapping range, a broken chain, late misuse marks and
// replaced ratings. The files are those a kiosk writes (BatchWriter, its own key), so the
// import reads and verifies them as any other.
#include "base/clock.h"
#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "support/hq_fixture.h"
#include "support/temp_dir.h"
#include "survey/audit_entry.h"

#include <filesystem>
#include <fstream>

namespace hailong::test {

using namespace hailong::core;
namespace fs = std::filesystem;

class BatchMaker {
public:
    /// kioskNumber: another number, another kiosk (its id and key differ).
    explicit BatchMaker(const fs::path& folder, unsigned long long kioskNumber = 1)
        : m_ids(kioskNumber << 32), m_folder(folder) {
        fs::create_directories(folder);
    }

    struct Made {
        fs::path file;
        std::string digest;
        std::int64_t number;
    };
    /// A misuse mark the kiosk recorded later (audit entry misuse_flag_added).
    struct LateMark {
        std::string uuid;
        std::uint32_t flags;
    };

    const std::string& kioskId() const { return m_id; }
    const std::string& publicKeyHex() const { return m_keys.publicKeyHex(); }
    KioskKeyFile keyFile() const { return KioskKeyFile{m_id, publicKeyHex(), unit()}; }
    static UnitInfo unit() { return UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"}; }

    /// Batch `number` following `previous` ("" for batch 1), its responses numbered from
    /// seqFirst, one minute apart from T0 + seqFirst minutes; audit entries from auditFirst.
    Made make(const std::string& name, std::int64_t number, const std::string& previous, std::int64_t seqFirst,
              const std::vector<Rating>& ratings, const std::vector<LateMark>& marks = {},
              std::int64_t auditFirst = 1) {
        BatchHeader head;
        head.kioskId = m_id;
        head.publicKeyHex = publicKeyHex();
        head.unit = unit();
        head.number = number;
        head.previousDigestHex = previous;
        head.seqFirst = seqFirst;
        head.seqLast = seqFirst + static_cast<std::int64_t>(ratings.size()) - 1;
        head.responseCount = static_cast<std::int64_t>(ratings.size());
        head.auditFirst = auditFirst;
        head.auditLast = auditFirst + static_cast<std::int64_t>(marks.size()) - 1;
        head.auditCount = static_cast<std::int64_t>(marks.size());
        head.exportUtcMs = T0 + 30 * 86'400'000LL;
        head.exportUtcOffsetMinutes = 420;
        head.exportMonoMs = 1'000'000;
        head.exportBootId = "boot-1";
        head.program = "hailong test";
        std::string bytes;
        BatchWriter w(head, [&](std::string_view chunk) { bytes.append(chunk); });
        const Batch shape = batchOf(m_id, unit(), ratings);
        std::int64_t seq = seqFirst;
        for (Response r : shape.responses) {
            r.seq = seq;
            r.startedUtcMs = T0 + seq * 60'000;
            r.endedUtcMs = r.startedUtcMs + 10'000;
            r.startedMonoMs = seq * 60'000;
            r.bootId = "boot-1";
            for (Answer& a : r.answers) a.answeredUtcMs = r.startedUtcMs + 1000;
            w.add(r);
            ++seq;
        }
        std::int64_t id = auditFirst;
        for (const LateMark& m : marks)
            w.add(AuditEntry{id++, T0 + 20 * 86'400'000LL, 420, 2'000'000, "boot-1", audit::MisuseFlagAdded,
                             "uuid=" + m.uuid + " flags=" + std::to_string(m.flags)});
        const std::string digest = w.finish(
            [](const std::string& qid, int version) -> std::optional<std::string> {
                if (qid == "sipas" && version == 1) return std::string(Sipas);
                return std::nullopt;
            },
            m_keys);
        const fs::path file = m_folder / name;
        std::ofstream(file, std::ios::binary) << bytes;
        return Made{file, digest, number};
    }

private:
    // A kiosk's database, only for its id and its key.
    TempDir m_dir;
    ManualClock m_clock;
    SequentialIds m_ids;
    KioskDatabase m_db{m_dir / "hailong.db", m_clock, m_ids};
    AuditLog m_audit{m_db, m_clock};
    KioskKeys m_keys = KioskKeys::loadOrCreate(m_dir.path(), m_db, m_audit);
    std::string m_id = m_db.kioskId();
    fs::path m_folder;
};

}  // namespace hailong::test
