-- Public keys that may open the agent console over SSH (switchboard admin agents add-key).
CREATE TABLE ssh_keys (
    key_id      VARCHAR(64) PRIMARY KEY,
    username    VARCHAR(64) NOT NULL,
    fingerprint VARCHAR(128) NOT NULL,
    public_key  TEXT NOT NULL,
    comment     TEXT,
    created_at  BIGINT NOT NULL,
    UNIQUE (username, fingerprint)
);
