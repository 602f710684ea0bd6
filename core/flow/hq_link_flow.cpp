#include "flow/hq_link_flow.h"

#include "batch/exporter.h"
#include "survey/response_store.h"  // StorageError

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {
bool isKeyFileName(const std::string& name) {
    const auto ends = [&](const std::string& tail) {
        return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    return ends(".hlkey") || (name.rfind("hailong-hq-key", 0) == 0 && ends(".json"));
}

bool isPackageName(const std::string& name) {
    const std::string tail = PackageExtension;
    return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
}

std::optional<std::string> smallFile(const fs::path& file, std::uintmax_t maxBytes) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec || size > maxBytes) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
}  // namespace

HqLinkFlow::HqLinkFlow(KioskDatabase& db, AuditLog& audit, const Clock& clock, HqLinkConfig config)
    : m_db(db), m_audit(audit), m_clock(clock), m_config(std::move(config)) {}

HqStatus HqLinkFlow::status() const {
    HqStatus s;
    const HqLink link(m_db);
    s.key = link.pinnedKey();
    if (s.key) s.fingerprint = HqPublicKey{s.key->signHex, s.key->boxHex, s.key->name}.fingerprint();
    s.receipt = link.receipt();
    s.message = link.message();
    if (const auto last = lastExportedBatch(m_db)) {
        s.lastExported = last->number;
        const std::int64_t upTo = s.receipt ? s.receipt->upTo : 0;
        s.unconfirmed = s.key && last->number > upTo && m_clock.wallMs() - last->exportUtcMs > UnconfirmedAfterMs;
    }
    return s;
}

std::vector<fs::path> HqLinkFlow::filesOnDrives(const std::function<bool(const std::string&)>& wanted) const {
    std::vector<fs::path> files;
    if (!m_config.drives) return files;
    for (const ExportTarget& t : m_config.drives()) {
        std::error_code ec;
        for (fs::directory_iterator it(t.folder, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code typeError;
            if (wanted(it->path().filename().u8string()) && it->is_regular_file(typeError)) files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

void HqLinkFlow::findKeys() {
    m_keys.clear();
    for (const fs::path& file : filesOnDrives(isKeyFileName)) {
        const auto text = smallFile(file, 64 * 1024);
        if (!text) continue;
        auto key = parseHqKeyFile(*text);
        if (key) m_keys.push_back(HqKeyFile{file, std::move(*key)});
    }
}

bool HqLinkFlow::pin(const fs::path& file) {
    const auto shown = std::find_if(m_keys.begin(), m_keys.end(), [&](const HqKeyFile& k) { return k.file == file; });
    if (shown == m_keys.end()) return false;
    const auto text = smallFile(file, 64 * 1024);
    if (!text) return false;
    const auto key = parseHqKeyFile(*text);
    if (!key || *key != shown->key) return false;  // the file changed since it was shown
    HqLink link(m_db);
    return link.pinFirst(PinnedHqKey{key->signHex, key->boxHex, key->name}, key->fingerprint(), m_audit);
}

void HqLinkFlow::findPackages() {
    m_packages.clear();
    for (const fs::path& file : filesOnDrives(isPackageName)) {
        std::error_code ec;
        const auto size = fs::file_size(file, ec);
        m_packages.push_back(PackageFileEntry{file, ec ? -1 : static_cast<std::int64_t>(size)});
    }
}

void HqLinkFlow::read(const fs::path& file) {
    m_plan.reset();
    m_refusal.reset();
    m_outcome.reset();
    auto planned = planPackageFile(file, m_db);
    if (planned) {
        m_plan = std::move(*planned);
        return;
    }
    m_refusal = planned.error();
    recordPackageRefusal(m_audit, *m_refusal);
}

bool HqLinkFlow::apply() {
    if (!m_plan) return false;
    PackageApplyOptions options;
    options.questionnaireDir = m_config.questionnaireDir;
    options.fault = m_config.fault;
    std::optional<Expected<PackageOutcome, PackageRefusal>> done;
    try {
        done.emplace(applyPackage(*m_plan, m_db, m_audit, options));
    } catch (const std::exception& e) {  // rolled back: said as a refusal, nothing applied
        done.emplace(unexpected(PackageRefusal{
            m_plan->file, m_plan->package.serial,
            Text{std::string("Không áp dụng được gói; máy giữ nguyên như trước. Lỗi: ") + e.what(),
                 std::string("The package could not be applied; the kiosk is as it was. Error: ") + e.what()}}));
    }
    if (*done) {
        m_outcome = std::move(**done);
        m_plan.reset();
        return true;
    }
    m_refusal = done->error();
    m_plan.reset();
    try {
        recordPackageRefusal(m_audit, *m_refusal);
    } catch (const StorageError&) {  // the database is failing: the refusal on screen is what matters
    }
    return false;
}

}  // namespace hailong::core
