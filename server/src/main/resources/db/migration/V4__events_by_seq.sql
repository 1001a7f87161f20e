-- Every message writes one event; this migration makes each of those writes touch fewer B-trees (issue 5).
-- 1. `seq` becomes the table's own key (SQLite's INTEGER PRIMARY KEY is the rowid): before, BIGINT PRIMARY KEY
--    kept a second B-tree, a unique index on seq, beside the rowid table.
-- 2. events_customer goes: its entries are scattered by customer, so every message dirtied one more page per
--    commit. A customer's replay now finds its events through its chats (chats_customer, then events_chat).
CREATE TABLE events_by_seq (
    seq         INTEGER PRIMARY KEY,
    chat_id     VARCHAR(64) NOT NULL,
    type        VARCHAR(16) NOT NULL,
    at          BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    agent       VARCHAR(64),
    prev_agent  VARCHAR(64),
    reach       INTEGER NOT NULL,
    internal    INTEGER NOT NULL,
    sender      VARCHAR(80),
    cid         VARCHAR(64),
    body        TEXT NOT NULL
);
INSERT INTO events_by_seq (seq, chat_id, type, at, customer_id, agent, prev_agent, reach, internal, sender, cid, body)
    SELECT seq, chat_id, type, at, customer_id, agent, prev_agent, reach, internal, sender, cid, body FROM events;
DROP TABLE events;
ALTER TABLE events_by_seq RENAME TO events;
CREATE INDEX events_chat ON events (chat_id, seq);
