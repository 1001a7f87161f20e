#!/usr/bin/env bash
# A customer in a few lines of bash and nc: opens a chat, prints every frame the server sends, and when an
# agent answers, thanks them and closes the chat.   Usage: customer-bot.sh [HOST] [PORT] [QUESTION]
# A server started with --tls: set SWITCHBOARD_TLS_CA to its certificate (or CA) and openssl replaces nc.
set -euo pipefail
host=${1:-127.0.0.1} port=${2:-7700} question=${3:-"Hello from a bash bot! What are your opening hours?"}
if [ -n "${SWITCHBOARD_TLS_CA:-}" ]; then
  coproc SB { exec openssl s_client -quiet -verify_quiet -verify_return_error -verify_hostname "$host" \
                -CAfile "$SWITCHBOARD_TLS_CA" -connect "$host:$port" 2>/dev/null; }
else
  coproc SB { exec nc "$host" "$port"; }
fi
trap 'kill "$SB_PID" 2>/dev/null || true' EXIT
send() { printf '%s\n' "$1" >&"${SB[1]}"; echo "> $1"; }
esc() { local s=${1//\\/\\\\}; printf '%s' "${s//\"/\\\"}"; }   # enough JSON escaping for plain text

send '{"type":"hello","id":1,"role":"customer","name":"Bash bot"}'
send "{\"type\":\"open\",\"id\":2,\"text\":\"$(esc "$question")\"}"
while IFS= read -r line <&"${SB[0]}"; do
  echo "< $line"
  case $line in
    *'"re":2'*) chat=$(sed 's/.*"chat":"\([^"]*\)".*/\1/' <<<"$line") ;;
    *'"type":"message"'*'"role":"agent"'*)
      send "{\"type\":\"say\",\"id\":3,\"chat\":\"$chat\",\"text\":\"Thanks, that is all I needed!\"}"
      send "{\"type\":\"close\",\"id\":4,\"chat\":\"$chat\"}" ;;
    *'"re":4'*) exit 0 ;;
    *'"type":"error"'*) exit 1 ;;
  esac
done
