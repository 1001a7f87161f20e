-- A message that changes its chat's wait state (the customer starts waiting, or an agent's answer ends the wait)
-- is followed by a chat event that differs from the chat's previous one only in seq, at and waitingSince. That
-- event is still sent live as before, but no longer stored as a row of its own: it was every second row a
-- conversation wrote, and fewer rows per commit shorten the commits and the checkpoints behind them (issue 5:
-- scripts/bench S2 p99 35/42/36 -> 10.3/11.2 ms in alternating runs). The message's row marks it instead, and
-- reads derive it (DerivedChatEvents): seq + 1, the message's at, waitingSince the message's at when
-- waiting_after is 1 and absent when it is 0, every other field as in the stored chat event chat_base.
ALTER TABLE events ADD COLUMN waiting_after INTEGER;
ALTER TABLE events ADD COLUMN chat_base INTEGER;
