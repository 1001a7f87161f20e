-- Rush-hour policies (issue 7): teams, hold, automatic messages, idle close and SLA outcomes on the chat
-- projection. Portable SQL: runs on SQLite and PostgreSQL alike.

-- The team a chat is routed to (from its topic, or a transfer to a team); null: any agent.
ALTER TABLE chats ADD COLUMN team VARCHAR(64);
-- The agent to offer the chat to first (who served this customer last).
ALTER TABLE chats ADD COLUMN preferred_agent VARCHAR(64);
ALTER TABLE chats ADD COLUMN on_hold INTEGER NOT NULL DEFAULT 0;
-- Holding messages sent so far, so that a restart does not repeat them.
ALTER TABLE chats ADD COLUMN auto_replies INTEGER NOT NULL DEFAULT 0;
-- The agent's latest reply: the customer's silence (idle close) is counted from it.
ALTER TABLE chats ADD COLUMN answered_at BIGINT;
ALTER TABLE chats ADD COLUMN idle_warned_at BIGINT;
-- Service-level outcomes: 'hit', 'miss', or null while undecided (or not tracked).
ALTER TABLE chats ADD COLUMN sla_first_response VARCHAR(8);
ALTER TABLE chats ADD COLUMN sla_next_response VARCHAR(8);
ALTER TABLE chats ADD COLUMN sla_resolution VARCHAR(8);

-- Returning customers are recognised by email too.
CREATE INDEX chats_customer_email ON chats (customer_email);
