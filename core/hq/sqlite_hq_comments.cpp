// SqliteHqStore: citizens' comments (schema 7, hq_comments.h).
#include "hq/sqlite_hq_store.h"

#include "hq/hq_tally.h"  // localDay
#include "sqlite_hq_schema.h"

#include <SQLiteCpp/Transaction.h>

#include <limits>

namespace hailong::core {

// Text bound without a copy: c outlives the statement's run (callers clear the bindings after).
void bindCommentRow(SQLite::Statement& add, const HqComment& c) {
    int i = 0;
    add.bindNoCopy(++i, c.kioskId);
    add.bindNoCopy(++i, c.uuid);
    add.bind(++i, c.seq);
    add.bindNoCopy(++i, c.unitCode);
    add.bindNoCopy(++i, c.unitName);
    add.bindNoCopy(++i, c.counter);
    add.bind(++i, c.startedUtcMs);
    add.bind(++i, c.utcOffsetMinutes);
    add.bind(++i, localDay(c.startedUtcMs, c.utcOffsetMinutes));
    add.bindNoCopy(++i, c.mainAnswer);
    if (c.text) add.bindNoCopy(++i, *c.text);
    else add.bind(++i);
}

std::int64_t SqliteHqStore::putComments(const std::vector<HqComment>& comments) {
    if (comments.empty()) return 0;
    SQLite::Statement& add = reused("INSERT OR IGNORE INTO comments (kiosk_id, uuid, seq, unit_code, unit_name, "
                                    "counter, started_utc_ms, utc_offset_min, day, main_answer, text) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& open = reused("UPDATE comments SET text = ? WHERE kiosk_id = ? AND uuid = ? AND text IS NULL");
    std::int64_t opened = 0;
    for (const HqComment& c : comments) {
        bindCommentRow(add, c);
        const bool inserted = add.exec() > 0;
        add.reset();
        if (inserted || !c.text) continue;
        open.bind(1, *c.text);
        open.bind(2, c.kioskId);
        open.bind(3, c.uuid);
        opened += open.exec();
        open.reset();
    }
    add.clearBindings();  // bound without a copy (bindCommentRow)
    return opened;
}

std::int64_t SqliteHqStore::openComments(const std::vector<HqComment>& opened) {
    return guard("cannot store the comments opened", [&] {
        SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
        const std::int64_t n = putComments(opened);
        if (n > 0) bumpDataVersion();
        tx.commit();
        return n;
    });
}

CommentPage SqliteHqStore::comments(const CommentQuery& query) const {
    return guard("cannot read the comments", [&] {
        std::string where = " WHERE day BETWEEN ? AND ?";
        if (query.units) {
            where += " AND unit_code IN (";
            for (std::size_t i = 0; i < query.units->size(); ++i) where += i ? ",?" : "?";
            where += ")";
        }
        const auto bind = [&](SQLite::Statement& q) {
            int i = 0;
            q.bind(++i, query.fromDay.value_or(std::numeric_limits<std::int64_t>::min()));
            q.bind(++i, query.toDay.value_or(std::numeric_limits<std::int64_t>::max()));
            if (query.units)
                for (const std::string& u : *query.units) q.bind(++i, u);
            return i;
        };
        CommentPage page;
        SQLite::Statement counts(m_db, "SELECT count(*), coalesce(sum(text IS NULL), 0) FROM comments" + where);
        bind(counts);
        counts.executeStep();
        page.total = counts.getColumn(0).getInt64();
        page.sealed = counts.getColumn(1).getInt64();
        SQLite::Statement q(m_db, "SELECT kiosk_id, seq, uuid, unit_code, unit_name, counter, started_utc_ms, "
                                  "utc_offset_min, main_answer, text FROM comments" +
                                      where + " ORDER BY started_utc_ms DESC, kiosk_id, seq LIMIT ? OFFSET ?");
        const int bound = bind(q);
        q.bind(bound + 1, static_cast<std::int64_t>(query.limit));
        q.bind(bound + 2, static_cast<std::int64_t>(query.offset));
        while (q.executeStep()) {
            HqComment c;
            c.kioskId = q.getColumn(0).getString();
            c.seq = q.getColumn(1).getInt64();
            c.uuid = q.getColumn(2).getString();
            c.unitCode = q.getColumn(3).getString();
            c.unitName = q.getColumn(4).getString();
            c.counter = q.getColumn(5).getString();
            c.startedUtcMs = q.getColumn(6).getInt64();
            c.utcOffsetMinutes = q.getColumn(7).getInt();
            c.mainAnswer = q.getColumn(8).getString();
            if (!q.getColumn(9).isNull()) c.text = q.getColumn(9).getString();
            page.newestFirst.push_back(std::move(c));
        }
        return page;
    });
}

}  // namespace hailong::core
