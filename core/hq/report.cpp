#include "report.h"

#include "sqlite_hq_store.h"

#include "../clock.h"
#include "../questionnaire.h"
#include "../response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace hailong::core {

namespace {

/// +1 a positive rating, -1 a negative one, 0 neutral or not a rating scale.
int polarity(const std::string& scale, const std::string& value) {
    if (scale == "three_level") return value == "not_satisfied" ? -1 : value == "satisfied" || value == "very_satisfied" ? 1 : 0;
    if (scale == "sipas5")
        return value == "satisfied" || value == "very_satisfied" ? 1 : value == "dissatisfied" || value == "very_dissatisfied" ? -1 : 0;
    if (scale == "star5") return value == "4" || value == "5" ? 1 : value == "1" || value == "2" ? -1 : 0;
    if (scale == "yes_no") return value == "yes" ? 1 : value == "no" ? -1 : 0;
    return 0;
}
bool isRatingScale(const std::string& scale) {
    return scale == "three_level" || scale == "sipas5" || scale == "star5" || scale == "yes_no";
}

std::string localDate(std::int64_t utcMs, int offsetMinutes, bool monthOnly) {
    const std::string iso = formatLocalIso(utcMs, offsetMinutes);  // 2026-01-05T09:00:00.000+07:00
    return iso.substr(0, monthOnly ? 7 : 10);
}

} // namespace

std::optional<ReportBy> reportByFromName(const std::string& name) {
    static const std::map<std::string, ReportBy> names{
        {"unit", ReportBy::Unit},       {"level", ReportBy::Level},       {"procedure", ReportBy::Procedure},
        {"officer", ReportBy::Officer}, {"question", ReportBy::Question}, {"day", ReportBy::Day},
        {"month", ReportBy::Month}};
    const auto it = names.find(name);
    if (it == names.end()) return std::nullopt;
    return it->second;
}

ReportRow& ReportRow::operator+=(const ReportRow& o) {
    ratings += o.ratings;
    satisfied += o.satisfied;
    sipasAnswers += o.sipasAnswers;
    sipasTop2 += o.sipasTop2;
    dossiers += o.dossiers;
    dossiersNotSatisfied += o.dossiersNotSatisfied;
    misuse += o.misuse;
    superseded += o.superseded;
    clockSuspect += o.clockSuspect;
    for (const auto& [v, n] : o.values) values[v] += n;
    return *this;
}

double percentOf(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string formatPercent(double percent) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", percent);
    return buf;
}

Report buildReport(SqliteHqStore& store, const ReportQuery& query) {
    Report report;
    report.query = query;
    try {
        SQLite::Database& db = store.db();
        // The main question of each questionnaire version: its first question.
        std::map<std::pair<std::string, int>, std::string> mainQuestion;
        {
            SQLite::Statement q(db, "SELECT id, version, source FROM questionnaires");
            while (q.executeStep()) {
                auto parsed = parseQuestionnaire(q.getColumn(2).getString(), "(questionnaire in the headquarters database)");
                if (parsed) mainQuestion[{q.getColumn(0).getString(), q.getColumn(1).getInt()}] = parsed->mainQuestion().id;
            }
        }
        SQLite::Statement q(db,
                            "SELECT r.uuid, r.kiosk_id, r.unit_code, r.unit_name, r.unit_level, r.procedure_code, "
                            "r.officer_id, r.dossier_code, r.started_utc_ms, r.utc_offset_min, r.misuse_flags, "
                            "r.clock_suspect, r.questionnaire_id, r.questionnaire_version, "
                            "r.uuid IN (SELECT supersedes_uuid FROM responses WHERE supersedes_uuid <> ''), "
                            "a.question_id, a.scale, a.value "
                            "FROM responses r JOIN answers a ON a.response = r.rowid "
                            "WHERE r.started_utc_ms >= ? AND r.started_utc_ms < ? ORDER BY r.rowid");
        q.bind(1, query.fromUtcMs.value_or(std::numeric_limits<std::int64_t>::min()));
        q.bind(2, query.toUtcMs.value_or(std::numeric_limits<std::int64_t>::max()));

        std::map<std::string, ReportRow> groups;
        // Decision 766: the latest counted rating of each dossier of each kiosk.
        struct DossierRating {
            std::int64_t startedUtcMs;
            bool notSatisfied;
            std::string group;
        };
        std::map<std::pair<std::string, std::string>, DossierRating> dossiers;
        std::string lastUuid;
        bool skip = false;
        while (q.executeStep()) {
            const std::string uuid = q.getColumn(0).getString();
            const std::string questionId = q.getColumn(15).getString();
            const std::string scale = q.getColumn(16).getString();
            const std::string value = q.getColumn(17).getString();
            std::string key, label;
            switch (query.by) {
            case ReportBy::Unit:
                key = q.getColumn(2).getString();
                label = q.getColumn(3).getString();
                break;
            case ReportBy::Level: key = q.getColumn(4).getString(); break;
            case ReportBy::Procedure: key = q.getColumn(5).getString(); break;
            case ReportBy::Officer: key = q.getColumn(6).getString(); break;
            case ReportBy::Question: key = questionId; break;
            case ReportBy::Day:
            case ReportBy::Month:
                key = localDate(q.getColumn(8).getInt64(), q.getColumn(9).getInt(), query.by == ReportBy::Month);
                break;
            }
            ReportRow& row = groups[key];
            row.key = key;
            if (!label.empty()) row.label = label;
            const bool firstRowOfResponse = uuid != lastUuid || query.by == ReportBy::Question;
            if (uuid != lastUuid) {
                lastUuid = uuid;
                skip = false;
            }
            if (firstRowOfResponse) {
                if (q.getColumn(10).getInt64() != 0) {
                    ++row.misuse;
                    skip = true;
                } else if (q.getColumn(14).getInt() != 0) {
                    ++row.superseded;
                    skip = true;
                } else if (q.getColumn(11).getInt() != 0) {
                    ++row.clockSuspect;
                }
            }
            if (skip) continue;
            const auto main = mainQuestion.find({q.getColumn(12).getString(), q.getColumn(13).getInt()});
            const bool isMain = main != mainQuestion.end() && main->second == questionId;
            const int sign = polarity(scale, value);
            if ((isMain || query.by == ReportBy::Question) && isRatingScale(scale)) {
                ++row.ratings;
                row.satisfied += sign > 0;
                ++row.values[value];
            }
            if (scale == "sipas5") {
                ++row.sipasAnswers;
                row.sipasTop2 += sign > 0;
            }
            const std::string dossier = q.getColumn(7).getString();
            if (isMain && !dossier.empty() && query.by != ReportBy::Question) {
                const std::int64_t started = q.getColumn(8).getInt64();
                auto& d = dossiers[{q.getColumn(1).getString(), dossier}];
                if (d.group.empty() || started >= d.startedUtcMs) d = DossierRating{started, sign < 0, key};
            }
        }
        for (const auto& [id, d] : dossiers) {
            ReportRow& row = groups[d.group];
            ++row.dossiers;
            row.dossiersNotSatisfied += d.notSatisfied;
        }
        for (auto& [key, row] : groups) {
            report.total += row;
            report.rows.push_back(row);
        }
    } catch (const SQLite::Exception& e) {
        throw StorageError(std::string("headquarters database: cannot build the report: ") + e.what());
    }
    return report;
}

namespace {
std::vector<std::vector<std::string>> cells(const Report& r, bool withTotal) {
    std::vector<std::vector<std::string>> out;
    out.push_back({"group", "name", "ratings", "satisfied", "satisfied %", "SIPAS answers", "SIPAS top-2 %", "dossiers",
                   "dossiers satisfied % (766)", "misuse (apart)", "superseded", "clock-suspect"});
    auto add = [&](const ReportRow& row, const std::string& key) {
        out.push_back({key, row.label, std::to_string(row.ratings), std::to_string(row.satisfied),
                       formatPercent(percentOf(row.satisfied, row.ratings)), std::to_string(row.sipasAnswers),
                       formatPercent(percentOf(row.sipasTop2, row.sipasAnswers)), std::to_string(row.dossiers),
                       formatPercent(percentOf(row.dossiers - row.dossiersNotSatisfied, row.dossiers)),
                       std::to_string(row.misuse), std::to_string(row.superseded), std::to_string(row.clockSuspect)});
    };
    for (const ReportRow& row : r.rows) add(row, row.key.empty() ? "(none)" : row.key);
    if (withTotal) add(r.total, "TOTAL");
    return out;
}
} // namespace

std::string reportTable(const Report& r) {
    const auto rows = cells(r, true);
    std::vector<std::size_t> width(rows[0].size(), 0);
    auto length = [](const std::string& s) {  // code points, for Vietnamese names
        std::size_t n = 0;
        for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], length(row[i]));
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += row[i];
            if (i + 1 < row.size()) out += std::string(width[i] - length(row[i]) + 2, ' ');
        }
        out += '\n';
    }
    out += "Headline (event-based, misuse excluded): " + formatPercent(percentOf(r.total.satisfied, r.total.ratings)) +
           " hài lòng\n";
    return out;
}

std::string reportCsv(const Report& r) {
    std::string out;
    for (const auto& row : cells(r, true)) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            const std::string& c = row[i];
            if (c.find_first_of(",\"\r\n") == std::string::npos) {
                out += c;
                continue;
            }
            out += '"';
            for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

} // namespace hailong::core
