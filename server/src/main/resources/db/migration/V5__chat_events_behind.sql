-- Each chat's events by seq move from an index on events to a table written behind the log (issue 5).
-- The index put every message's entry on its chat's own page: with thousands of busy chats, each commit dirtied
-- one page per chat in it, the WAL took them all, and the checkpoint's syncs of them stalled the commits behind
-- (scripts/bench S3 p99 8.0 -> 5.6 ms, S2 p99 574 -> 130 ms on the same machine and day). The store now
-- appends a chat's entries to chat_events in one write once the log has moved on far enough past them (Store:
-- ChatIndex), so one page write carries many entries. Until then they are in the log's tail: every event with
-- seq >= meta 'chat_events_from' is there, and every event below it is in chat_events.
CREATE TABLE chat_events (
    chat_id VARCHAR(64) NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (chat_id, seq)
) WITHOUT ROWID;
INSERT INTO chat_events (chat_id, seq) SELECT chat_id, seq FROM events ORDER BY chat_id, seq;
INSERT INTO meta (name, value) SELECT 'chat_events_from', COALESCE(MAX(seq), 0) + 1 FROM events;
DROP INDEX events_chat;

-- A chat's events, wherever they are, for queries by chat (WHERE chat_id = ... is pushed into both parts). An
-- event may be listed twice (written to chat_events while an older chat still holds the tail back): use it in IN.
CREATE VIEW chat_event_seqs AS
    SELECT chat_id, seq FROM chat_events
    UNION ALL
    SELECT chat_id, seq FROM events
        WHERE seq >= (SELECT CAST(value AS INTEGER) FROM meta WHERE name = 'chat_events_from');
