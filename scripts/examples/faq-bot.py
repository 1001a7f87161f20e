#!/usr/bin/env python3
"""A Switchboard FAQ bot, standard library only.

It signs in as a bot with a token, takes chats from the queue, answers from a small FAQ file by keyword, and
when it is unsure hands the chat back to the queue for a human, with an internal note saying why.

    SWITCHBOARD_TOKEN=... faq-bot.py --server 127.0.0.1:7700 --user faq-bot --faq faq.json

A server started with --tls: pass its certificate (or the CA that signed it) with --tls-ca PEM (or set
SWITCHBOARD_TLS_CA); the server's name in --server must be one the certificate names.

The FAQ file is a JSON list of {"keywords": [...], "answer": "..."}; the entry with the most keywords found
in the customer's words wins. A customer who then says thanks (or yes, takk, ...) gets a goodbye and the chat
is closed; anything else is answered again from the FAQ, or handed over.
"""
import argparse
import json
import os
import re
import select
import socket
import ssl
import sys

THANKS = {"thank", "thanks", "thx", "yes", "great", "perfect", "takk", "ja", "danke", "gracias", "merci"}
PING_EVERY = 30  # seconds; the server closes connections that stay silent for 120


class Connection:
    """One JSON object per line each way; replies matched to requests by id, events queued in between."""

    def __init__(self, host, port, tls_ca=None):
        self.sock = socket.create_connection((host, port), timeout=10)
        if tls_ca:
            self.sock = ssl.create_default_context(cafile=tls_ca).wrap_socket(self.sock, server_hostname=host)
        self.sock.settimeout(None)
        self.buffer = b""
        self.events = []
        self.next_id = 1

    def send(self, frame):
        self.sock.sendall((json.dumps(frame, ensure_ascii=False) + "\n").encode("utf-8"))

    def request(self, frame):
        """Sends a request and returns its reply (an ok or an error frame); events that arrive meanwhile wait."""
        frame = dict(frame, id=self.next_id)
        self.next_id += 1
        self.send(frame)
        while True:
            reply = self.read()
            if reply.get("re") == frame["id"]:
                return reply
            self.events.append(reply)

    def next_event(self):
        return self.events.pop(0) if self.events else self.read()

    def read(self):
        while b"\n" not in self.buffer:
            # TLS may hold decrypted bytes already read off the socket, which select() cannot see.
            buffered = self.sock.pending() if isinstance(self.sock, ssl.SSLSocket) else 0
            ready = buffered or select.select([self.sock], [], [], PING_EVERY)[0]
            if not ready:
                self.send({"type": "ping"})
                continue
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)


class FaqBot:
    def __init__(self, conn, user, faq):
        self.conn = conn
        self.user = user
        self.faq = faq
        self.mine = set()         # chats assigned to this bot now
        self.answered = set()     # chats where the bot has given an answer
        self.seen = set()         # every chat the bot ever took: it never takes one twice
        self.queue = []           # queued chat ids, oldest first

    def run(self):
        # Away: the server's routing then never pushes chats to the bot; it picks from the queue itself.
        self.conn.request({"type": "status", "status": "away"})
        while True:
            self.on_event(self.conn.next_event())

    def on_event(self, event):
        kind = event.get("type")
        if kind == "snapshot":
            for chat in event.get("chats", []):
                self.on_chat(chat)
            for chat in event.get("queue", []):
                self.on_chat(chat)
        elif kind == "chat":
            self.on_chat(event)
        elif kind == "message" and event["chat"] in self.mine and event["from"]["role"] == "customer":
            self.answer(event["chat"], event["text"])
        elif kind == "error":
            log("server says: %s" % event.get("message"))
        self.take_from_queue()

    def on_chat(self, chat):
        cid, state = chat["chat"], chat["state"]
        agent = (chat.get("agent") or {}).get("user")
        if cid in self.queue:
            self.queue.remove(cid)
        # Events may be older than what the bot did since (they wait while it awaits replies): act only on new chats.
        if state == "queued" and cid not in self.seen:
            self.queue.append(cid)
        elif state == "active" and agent == self.user and cid not in self.seen:
            self.start(cid)
        elif state != "active" or agent != self.user:
            self.mine.discard(cid)

    def take_from_queue(self):
        while self.queue:
            cid = self.queue.pop(0)
            reply = self.conn.request({"type": "accept", "chat": cid})
            if reply["type"] == "ok":
                self.start(cid)
            elif "cap" in reply.get("message", ""):
                self.queue.insert(0, cid)  # full: try again when one of ours ends
                return

    def start(self, cid):
        """A chat is ours: answer what the customer has written so far."""
        self.mine.add(cid)
        self.seen.add(cid)
        history = self.conn.request({"type": "history", "chat": cid, "limit": 50})
        words = [e["text"] for e in history.get("events", [])
                 if e.get("type") == "message" and e["from"]["role"] == "customer"]
        self.answer(cid, " ".join(words))

    def answer(self, cid, text):
        lowered = text.lower()
        if cid in self.answered and THANKS & set(re.findall(r"\w+", lowered)):
            self.conn.request({"type": "close", "chat": cid, "reason": "answered by the FAQ bot",
                               "text": "Glad I could help. Have a nice day!"})
            self.mine.discard(cid)
            log("%s: closed after the customer's thanks" % cid)
            return
        entry, score = self.best_entry(lowered)
        if score > 0:
            self.conn.request({"type": "say", "chat": cid, "text": entry["answer"]
                               + "\n\nDid that answer your question? If not, tell me more and I'll find a colleague."})
            self.answered.add(cid)
            log("%s: answered from the FAQ (%d keyword%s)" % (cid, score, "" if score == 1 else "s"))
        else:
            self.hand_back(cid, text)

    def best_entry(self, lowered):
        best, best_score = None, 0
        for entry in self.faq:
            score = sum(1 for k in entry["keywords"] if k.lower() in lowered)
            if score > best_score:
                best, best_score = entry, score
        return best, best_score

    def hand_back(self, cid, text):
        self.conn.request({"type": "say", "chat": cid, "text": "Let me find a colleague who can help. One moment, please."})
        note = "FAQ bot: no FAQ entry matched %r; handing over to a human." % text[:200]
        self.conn.request({"type": "transfer", "chat": cid, "to": "queue", "note": note})
        self.mine.discard(cid)
        log("%s: handed back to the queue" % cid)


def log(message):
    print("faq-bot: " + message, flush=True)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Answer queued Switchboard chats from a FAQ file.")
    parser.add_argument("--server", default=os.environ.get("SWITCHBOARD_SERVER", "127.0.0.1:7700"), help="HOST:PORT")
    parser.add_argument("--user", default="faq-bot", help="the bot account (default: faq-bot)")
    parser.add_argument("--faq", default=os.path.join(here, "faq.json"), help="the FAQ file (default: faq.json here)")
    parser.add_argument("--tls-ca", default=os.environ.get("SWITCHBOARD_TLS_CA"),
                        help="speak TLS, trusting this PEM certificate or CA (SWITCHBOARD_TLS_CA)")
    args = parser.parse_args()
    token = os.environ.get("SWITCHBOARD_TOKEN")
    if not token:
        sys.exit("faq-bot: set SWITCHBOARD_TOKEN (make one with: switchboard admin tokens create %s)" % args.user)
    with open(args.faq, encoding="utf-8") as f:
        faq = json.load(f)
    host, _, port = args.server.rpartition(":")
    try:
        conn = Connection(host, int(port), args.tls_ca)
    except OSError as e:  # ssl.SSLError is one too
        sys.exit("faq-bot: cannot connect to %s: %s" % (args.server, e))
    welcome = conn.request({"type": "hello", "role": "agent", "user": args.user, "token": token})
    if welcome["type"] != "welcome":
        sys.exit("faq-bot: cannot sign in: %s" % welcome.get("message"))
    log("signed in as %s; %d FAQ entries" % (args.user, len(faq)))
    try:
        FaqBot(conn, args.user, faq).run()
    except (ConnectionError, KeyboardInterrupt) as e:
        log("stopped: %s" % e)


if __name__ == "__main__":
    main()
