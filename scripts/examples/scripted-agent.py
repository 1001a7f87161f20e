#!/usr/bin/env python3
"""A scripted agent for rush-hour and soak runs (standard library only).

It signs in, greets every chat assigned to it after 2 s, answers each customer message after 4 s and closes
the chat with a parting message after its third answer. With --drop-every N it drops its connection at random
(on average every N seconds) and comes back with "after" set to the last seq it saw, as a console on a flaky
network would; the server keeps its chats through the grace period and replays what it missed.

    scripted-agent.py --port 7700 --user ada --password secret [--drop-every 45]
"""
import argparse, heapq, json, random, select, socket, time

p = argparse.ArgumentParser()
p.add_argument("--host", default="127.0.0.1")
p.add_argument("--port", type=int, required=True)
p.add_argument("--user", required=True)
p.add_argument("--password", required=True)
p.add_argument("--drop-every", type=float, default=0)
a = p.parse_args()

mine, answers, todo, last_seq = set(), {}, [], None


def connect():
    s = socket.create_connection((a.host, a.port))
    hello = {"type": "hello", "id": 0, "role": "agent", "user": a.user, "password": a.password}
    if last_seq is not None:
        hello["after"] = last_seq
    s.sendall((json.dumps(hello) + "\n").encode())
    return s


def next_drop():
    return time.time() + random.expovariate(1 / a.drop_every) if a.drop_every else float("inf")


s, buf, last_ping, drop_at = connect(), b"", time.time(), next_drop()
while True:
    now = time.time()
    if now >= drop_at:
        s.close()
        s, buf, drop_at = connect(), b"", next_drop()
    while todo and todo[0][0] <= now:
        _, kind, chat = heapq.heappop(todo)
        if chat not in mine:
            continue
        if kind == "greet":
            frame = {"type": "say", "chat": chat, "text": "Hi, this is %s. How can I help?" % a.user}
        else:
            answers[chat] = answers.get(chat, 0) + 1
            frame = {"type": "say", "chat": chat, "text": "Let me check that for you."}
            if answers[chat] >= 3:
                frame = {"type": "close", "chat": chat, "text": "Glad I could help. Bye!"}
                mine.discard(chat)
        try:
            s.sendall((json.dumps(frame) + "\n").encode())
        except OSError:
            drop_at = 0
    if now - last_ping > 20:
        try:
            s.sendall(b'{"type":"ping"}\n')
        except OSError:
            drop_at = 0
        last_ping = now
    r, _, _ = select.select([s], [], [], 0.2)
    if not r:
        continue
    try:
        data = s.recv(65536)
    except OSError:
        data = b""
    if not data:
        time.sleep(1)
        drop_at = 0
        continue
    buf += data
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        f = json.loads(line)
        if isinstance(f.get("seq"), int):
            last_seq = max(last_seq or 0, f["seq"])
        t = f.get("type")
        if t == "snapshot":
            for c in f.get("chats", []):
                if (c.get("agent") or {}).get("user") == a.user and c["chat"] not in mine:
                    mine.add(c["chat"])
                    heapq.heappush(todo, (time.time() + 2, "greet", c["chat"]))
        elif t == "chat" and f.get("state") == "active" and (f.get("agent") or {}).get("user") == a.user \
                and f["chat"] not in mine:
            mine.add(f["chat"])
            heapq.heappush(todo, (time.time() + 2, "greet", f["chat"]))
        elif t == "chat" and f.get("state") != "active":
            mine.discard(f["chat"])
        elif t == "message" and f["chat"] in mine and f["from"]["role"] == "customer":
            heapq.heappush(todo, (time.time() + 4, "answer", f["chat"]))
