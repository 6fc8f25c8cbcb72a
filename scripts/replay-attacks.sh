#!/usr/bin/env bash
# Replays the attacks of issue 10 against a running studio and checks each is refused and writes nothing.
# Usage: scripts/replay-attacks.sh http://127.0.0.1:3000 [DATA_DIR]
# With sign-in on (HOST=0.0.0.0), pass WINNOW_REPLAY_TOKEN=wn_… (an admin's API token) to replay the
# attacks as a signed-in admin too; without it only the unauthenticated refusals are checked.
# Only talks to the given base URL and to 127.0.0.1 (the SSRF targets are never contacted when refused).
set -uo pipefail
BASE="${1:?base URL, e.g. http://127.0.0.1:3000}"
DATA_DIR="${2:-}"
HOSTPORT="${BASE#http://}"
ORIGIN="$BASE"
AUTH=()
[ -n "${WINNOW_REPLAY_TOKEN:-}" ] && AUTH=(-H "Authorization: Bearer $WINNOW_REPLAY_TOKEN")
PASS=0
FAIL=0

# expect NAME "allowed statuses" curl-args… — the body must not contain root's files or a secret.
expect() {
  local name="$1" allowed="$2"
  shift 2
  local out status body
  out=$(curl -s -o /tmp/winnow-replay-body -w '%{http_code}' --max-time 20 "$@")
  status="$out"
  body=$(head -c 400 /tmp/winnow-replay-body | tr '\n' ' ')
  if [[ " $allowed " == *" $status "* ]] && ! grep -qE 'root:x:0:0|BEGIN [A-Z ]*PRIVATE KEY|SQLite format' /tmp/winnow-replay-body; then
    PASS=$((PASS + 1))
    printf 'ok    %-62s %s\n' "$name" "$status"
  else
    FAIL=$((FAIL + 1))
    printf 'FAIL  %-62s %s %s\n' "$name" "$status" "$body"
  fi
}

J=(-H "content-type: application/json" -H "Origin: $ORIGIN")

echo "== traversal in route parameters"
for p in '..%2F..%2F..%2Fetc/files/passwd' '..%2f/files/winnow.db-wal' '..%252F..%252Fetc/files/passwd' '..%5C..%5Cetc/files/passwd' '%2Fetc%2Fpasswd/files/x' 'x%00/files/passwd' 'run.tmp/files/part-00000.jsonl'; do
  expect "GET /api/exports/$p" "400 401 403 404 422" "${AUTH[@]}" "$BASE/api/exports/$p"
done
for p in 'corpora/..%2F..%2Fetc' 'corpora/x/documents/..%2F..%2Fetc%2Fpasswd' 'runs/..%2F..%2Fwinnow.db' 'recipes/..%2F..%2Fetc%2Fpasswd' 'endpoints/..%2F..%2Fetc'; do
  expect "GET /api/$p" "400 401 403 404 422" "${AUTH[@]}" "$BASE/api/$p"
done

echo "== cross-site writes (CSRF) and DNS rebinding"
expect "POST /api/ingest from evil.example as text/plain" "401 403" "${AUTH[@]}" -X POST -H "Origin: http://evil.example" -H "content-type: text/plain" \
  --data '{"source":{"kind":"url","url":"http://127.0.0.1:9/..%2F..%2Froot%2F.bashrc"}}' "$BASE/api/ingest"
expect "POST /api/ingest form post from evil.example" "401 403" -X POST -H "Origin: http://evil.example" -H "content-type: application/x-www-form-urlencoded" \
  --data 'a=b' "$BASE/api/ingest"
expect "POST /api/ingest same-origin text/plain" "401 403 415" "${AUTH[@]}" -X POST -H "Origin: $ORIGIN" -H "content-type: text/plain" --data '{}' "$BASE/api/ingest"
expect "GET /api/corpora with Host: evil.example" "403 421" "${AUTH[@]}" -H "Host: evil.example" "$BASE/api/corpora"
expect "GET /api/corpora with Host: evil.example:${HOSTPORT##*:}" "403 421" "${AUTH[@]}" -H "Host: evil.example:${HOSTPORT##*:}" "$BASE/api/corpora"

echo "== paths outside the roots, SSRF"
expect "ingest path /etc/passwd" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data '{"source":{"kind":"path","path":"/etc/passwd"}}' "$BASE/api/ingest"
expect "ingest path ~/.bashrc" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data "{\"source\":{\"kind\":\"path\",\"path\":\"$HOME/.bashrc\"}}" "$BASE/api/ingest"
a=$(curl -s --max-time 20 "${AUTH[@]}" "${J[@]}" -X POST --data '{"source":{"kind":"path","path":"/etc/passwd"}}' "$BASE/api/ingest")
b=$(curl -s --max-time 20 "${AUTH[@]}" "${J[@]}" -X POST --data '{"source":{"kind":"path","path":"/etc/no-such-file-winnow"}}' "$BASE/api/ingest")
# The answer names the path asked for; apart from that it must be the same.
a="${a//\/etc\/passwd/PATH}"
b="${b//\/etc\/no-such-file-winnow/PATH}"
if [ "$a" = "$b" ]; then PASS=$((PASS + 1)); echo "ok    existing and missing files outside the roots get the same answer"; else FAIL=$((FAIL + 1)); echo "FAIL  outside-roots answers differ: $a | $b"; fi
expect "inspect path /etc/passwd" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data '{"source":{"kind":"path","path":"/etc/passwd"}}' "$BASE/api/ingest/inspect"
for u in 'http://127.0.0.1:9/x.jsonl' 'http://169.254.169.254/latest/meta-data/' 'http://[::1]:9/x.jsonl' 'http://2130706433/x.jsonl' 'http://0x7f.1/x.jsonl' 'http://localhost:9/x.jsonl' 'http://10.0.0.1/x.jsonl' 'file:///etc/passwd'; do
  expect "ingest URL $u" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data "{\"source\":{\"kind\":\"url\",\"url\":\"$u\"}}" "$BASE/api/ingest"
done
expect "endpoint with baseUrl 169.254.169.254" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data '{"name":"x","kind":"openai","baseUrl":"http://169.254.169.254","model":"m"}' "$BASE/api/endpoints"
expect "endpoint with baseUrl 127.0.0.1" "401 403 422" "${AUTH[@]}" "${J[@]}" -X POST --data '{"name":"x","kind":"openai","baseUrl":"http://127.0.0.1:8000","model":"m"}' "$BASE/api/endpoints"
expect "annotate with tokenizer /etc/passwd" "401 403 404 422" "${AUTH[@]}" "${J[@]}" -X POST --data '{"corpusId":"x","annotators":[{"id":"stats","config":{"tokenizer":"/etc/passwd"}}]}' "$BASE/api/annotate"

if [ -n "$DATA_DIR" ]; then
  echo "== nothing written"
  after=$(find "$DATA_DIR/downloads" -type f 2>/dev/null | wc -l)
  if [ "$after" = "0" ]; then PASS=$((PASS + 1)); echo "ok    no download written"; else FAIL=$((FAIL + 1)); echo "FAIL  $after download file(s) written"; fi
fi
rm -f /tmp/winnow-replay-body
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
