-- Switchboard store, version 1. Portable SQL: runs on SQLite and PostgreSQL alike.
-- Times are epoch milliseconds (BIGINT); ids are strings assigned by the desk.

CREATE TABLE meta (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    username      VARCHAR(64) PRIMARY KEY,
    display_name  TEXT NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    password_hash TEXT,
    cap           INTEGER,
    team          TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

CREATE TABLE tokens (
    id          VARCHAR(64) PRIMARY KEY,
    username    VARCHAR(64) NOT NULL,
    token_hash  VARCHAR(128) NOT NULL UNIQUE,
    label       TEXT,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE customers (
    id          BIGINT PRIMARY KEY,
    token_hash  VARCHAR(128) NOT NULL UNIQUE,
    name        TEXT,
    email       TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX customers_email ON customers (email);

CREATE TABLE chats (
    id                VARCHAR(64) PRIMARY KEY,
    customer_id       BIGINT NOT NULL,
    customer_name     TEXT,
    customer_email    TEXT,
    context           TEXT,
    topic             TEXT,
    ip                TEXT,
    state             VARCHAR(16) NOT NULL,
    agent             VARCHAR(64),
    opened_at         BIGINT NOT NULL,
    queued_at         BIGINT,
    queue_priority    INTEGER NOT NULL DEFAULT 0,
    waiting_since     BIGINT,
    first_assigned_at BIGINT,
    first_response_at BIGINT,
    closed_at         BIGINT,
    close_reason      TEXT,
    closed_by         TEXT,
    rating            INTEGER,
    rating_comment    TEXT,
    last_chat_seq     BIGINT NOT NULL
);
CREATE INDEX chats_state ON chats (state);
CREATE INDEX chats_customer ON chats (customer_id);
CREATE INDEX chats_opened ON chats (opened_at);

-- Every agent who was ever assigned a chat may read it later.
CREATE TABLE chat_agents (
    chat_id  VARCHAR(64) NOT NULL,
    username VARCHAR(64) NOT NULL,
    PRIMARY KEY (chat_id, username)
);

-- The log. The audience columns (customer_id, agent, prev_agent, reach, internal) are fixed when the event
-- is written; live fan-out and resume replay both read them, so both send the same events.
-- reach: -1 the customer only (queue position), 0 the chat's parties and overseers, 1 all staff (queue changes).
CREATE TABLE events (
    seq         BIGINT PRIMARY KEY,
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
CREATE INDEX events_chat ON events (chat_id, seq);
CREATE INDEX events_customer ON events (customer_id, seq);

-- Idempotent writes: the original reply of every write that carried a cid.
CREATE TABLE writes (
    sender VARCHAR(80) NOT NULL,
    cid    VARCHAR(64) NOT NULL,
    reply  TEXT NOT NULL,
    PRIMARY KEY (sender, cid)
);

CREATE TABLE canned (
    id         VARCHAR(32) PRIMARY KEY,
    shortcut   VARCHAR(64) NOT NULL,
    text       TEXT NOT NULL,
    owner      VARCHAR(64),
    created_at BIGINT NOT NULL
);

CREATE TABLE bans (
    id         VARCHAR(32) PRIMARY KEY,
    kind       VARCHAR(8) NOT NULL,
    value      TEXT NOT NULL,
    reason     TEXT,
    until_at   BIGINT,
    created_by VARCHAR(64) NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE audit (
    id     BIGINT PRIMARY KEY,
    at     BIGINT NOT NULL,
    actor  VARCHAR(80),
    action VARCHAR(64) NOT NULL,
    target TEXT,
    detail TEXT,
    ip     TEXT
);
CREATE INDEX audit_at ON audit (at);
