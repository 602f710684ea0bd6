// PgHqStore: citizens' comments (schema 7, hq_comments.h), as SqliteHqStore's.
#include "hq/pg_hq_store.h"

#include "hq/hq_tally.h"  // localDay
#include "pg_hq_parts.h"

#include <limits>

namespace hailong::core {

using namespace pg_hq;

namespace pg_hq {

std::int64_t putComments(PgConnection& db, const std::vector<HqComment>& comments) {
    std::int64_t opened = 0;
    for (const HqComment& c : comments) {
        const PgResult added = db.execPrepared(
            "INSERT INTO comments (kiosk_id, uuid, seq, unit_code, unit_name, counter, started_utc_ms, "
            "utc_offset_min, day, main_answer, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
            "ON CONFLICT (kiosk_id, uuid) DO NOTHING",
            {c.kioskId, c.uuid, num(c.seq), c.unitCode, c.unitName, c.counter, num(c.startedUtcMs),
             num(c.utcOffsetMinutes), num(localDay(c.startedUtcMs, c.utcOffsetMinutes)), c.mainAnswer, c.text});
        if (added.affected() > 0 || !c.text) continue;
        opened += db.execPrepared("UPDATE comments SET text = $1 WHERE kiosk_id = $2 AND uuid = $3 AND text IS NULL",
                                  {c.text, c.kioskId, c.uuid})
                      .affected();
    }
    return opened;
}

}  // namespace pg_hq

std::int64_t PgHqStore::openComments(const std::vector<HqComment>& opened) {
    PgTransaction tx(m_db, "BEGIN ISOLATION LEVEL READ COMMITTED");
    const std::int64_t n = putComments(m_db, opened);
    if (n > 0) bumpDataVersion();  // last (pg_hq_store.h)
    tx.commit();
    return n;
}

CommentPage PgHqStore::comments(const CommentQuery& query) const {
    PgParams params{num(query.fromDay.value_or(std::numeric_limits<std::int64_t>::min())),
                    num(query.toDay.value_or(std::numeric_limits<std::int64_t>::max()))};
    std::string where = " WHERE day BETWEEN $1 AND $2";
    if (query.units) {
        where += " AND unit_code IN (";
        for (const std::string& u : *query.units) {
            params.push_back(u);
            where += (params.size() > 3 ? ",$" : "$") + std::to_string(params.size());
        }
        if (query.units->empty()) where += "NULL";
        where += ")";
    }
    CommentPage page;
    const PgResult counts = m_db.exec(
        "SELECT count(*), coalesce(sum(CASE WHEN text IS NULL THEN 1 ELSE 0 END), 0) FROM comments" + where, params);
    page.total = counts.int64(0, 0);
    page.sealed = counts.int64(0, 1);
    params.push_back(num(static_cast<std::int64_t>(query.limit)));
    params.push_back(num(static_cast<std::int64_t>(query.offset)));
    const PgResult q = m_db.exec("SELECT kiosk_id, seq, uuid, unit_code, unit_name, counter, started_utc_ms, "
                                 "utc_offset_min, main_answer, text FROM comments" +
                                     where + " ORDER BY started_utc_ms DESC, kiosk_id COLLATE \"C\", seq LIMIT $" +
                                     std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size()),
                                 params);
    for (int i = 0; i < q.rows(); ++i) {
        HqComment c;
        c.kioskId = str(q.text(i, 0));
        c.seq = q.int64(i, 1);
        c.uuid = str(q.text(i, 2));
        c.unitCode = str(q.text(i, 3));
        c.unitName = str(q.text(i, 4));
        c.counter = str(q.text(i, 5));
        c.startedUtcMs = q.int64(i, 6);
        c.utcOffsetMinutes = static_cast<int>(q.int64(i, 7));
        c.mainAnswer = str(q.text(i, 8));
        if (!q.isNull(i, 9)) c.text = str(q.text(i, 9));
        page.newestFirst.push_back(std::move(c));
    }
    return page;
}

}  // namespace hailong::core
