#!/bin/sh
# dossier serve against bad requests (docs/API.md): paths that try to leave
# the UI, an oversized query, unknown and malformed ids, other methods, a
# body, out-of-range paging, bad dates and unreadable queries each get their
# 4xx with a JSON error body naming the status and code, and the server
# keeps answering /api/stats after every one.  Then the token rules: a
# non-loopback address without --token is refused before serving, and with
# a token the API wants "Authorization: Bearer TOKEN".  Last, the Host
# rules (DNS rebinding): a Host that names another server gets 421, names
# given with --allow-host are answered.
. "$(dirname "$0")/lib.shinc"
. "$(dirname "$0")/serve.shinc"
unset DOSSIER_TOKEN
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
dossier ingest "$ex" 2>/dev/null
documents=$(doc_count)

start_server || { echo "FAIL: server did not start"; exit 1; }

# still_serving: /api/stats answers 200 with the archive's document count
# (with the token's header once there is one).
auth=
still_serving() {
    if [ -n "$auth" ]; then get /api/stats --header "$auth"; else get /api/stats; fi
    [ "$(status)" = 200 ] && [ "$(json_get documents)" = "$documents" ] || {
        echo "  /api/stats: status $(status), documents '$(json_get documents)'"
        return 1
    }
}

# api_error DESCRIPTION PATH STATUS CODE [LOADGEN ARGS...]: the API answers
# PATH with STATUS and the error body {"error": {"status", "code",
# "message"}}; the server then still serves.
api_error() {
    desc=$1 path=$2 want=$3 code=$4
    shift 4
    get "$path" "$@"
    check "$desc: status $want" equals "$(status)" "$want"
    check "$desc: error body" equals \
        "$(json_get error.status)	$(json_get error.code)" "$want	$code"
    check "$desc: error message" not_equals "$(json_get error.message)" "null"
    check "after $desc: still serving" still_serving
}

# not_served DESCRIPTION PATH SECRET: PATH gets a 404 and nothing of the
# file SECRET is a line of.
not_served() {
    get "$2"
    check "$1: 404" equals "$(status)" 404
    check "$1: no file content" lacks "$WORK/body" "$3"
    check "after $1: still serving" still_serving
}

check "stats answer" still_serving
get /api/stats --include
check "API answer is JSON" sh -c "grep -i '^content-type:' '$WORK/body' | grep -qi 'application/json'"
check "API answer not cached" sh -c "grep -i '^cache-control:' '$WORK/body' | grep -qi 'no-store'"
check "nosniff" sh -c "grep -i '^x-content-type-options:' '$WORK/body' | grep -qi 'nosniff'"
check "content security policy" sh -c "grep -i '^content-security-policy:' '$WORK/body' | grep -qi \"default-src 'none'\""
check "no CORS" sh -c "! grep -qi '^access-control-allow-origin:' '$WORK/body'"

# ---- paths that try to leave the UI ------------------------------------------

not_served "dot-dot path" "/../../etc/passwd" "root:"
not_served "encoded dot-dot path" "/%2e%2e/%2e%2e/etc/passwd" "root:"
not_served "dot-dot inside /ui" "/ui/../CMakeLists.txt" "cmake_minimum_required"
not_served "encoded dot-dot inside /ui" "/ui/%2e%2e/%2e%2e/CMakeLists.txt" "cmake_minimum_required"
not_served "source file" "/src/cli/main.c" "#include"
api_error "unknown API path" "/api/nothing-here" 404 not_found
api_error "dot-dot under /api" "/api/../../etc/passwd" 404 not_found

# ---- oversized queries ---------------------------------------------------------

# 200,000 bytes of query: past the request line's limit (413) or, read
# as a query, past its 1,024 bytes (414).  libmicrohttpd answers a request
# past its memory limit itself (414 and its own HTML page, before Dossier
# sees it), so only the status and that nothing else happened are checked.
awk -v base="$base" 'BEGIN { s = ""; for (i = 0; i < 20000; i++) s = s "abcdefghij"; print base "/api/search?q=" s }' >"$WORK/huge-url"
"$LOADGEN" --once --urls-file "$WORK/huge-url" >"$WORK/answer" 2>"$WORK/answer.err" || echo 000 >"$WORK/answer"
head -1 "$WORK/answer" >"$WORK/status"
tail -n +2 "$WORK/answer" >"$WORK/body"
check "200 KB query: 413 or 414" sh -c "[ '$(status)' = 413 ] || [ '$(status)' = 414 ]"
check "after 200 KB query: still serving" still_serving
long=$(awk 'BEGIN { for (i = 0; i < 1100; i++) printf "a" }')
api_error "1,100-byte query" "/api/search?q=$long" 414 query_too_long
get "/api/search?q=$(awk 'BEGIN { for (i = 0; i < 1024; i++) printf "a" }')"
check "1,024-byte query: accepted" equals "$(status)" 200

# ---- ids ---------------------------------------------------------------------------

api_error "unknown document" "/api/doc/999999" 404 not_found
api_error "non-numeric document id" "/api/doc/abc" 400 bad_request
api_error "document id 0" "/api/doc/0" 400 bad_request
api_error "negative document id" "/api/doc/-1" 400 bad_request
api_error "document id with junk" "/api/doc/1x" 400 bad_request
api_error "unknown entity" "/api/entity/999999" 404 not_found
api_error "unknown story" "/api/story/999999" 404 not_found
api_error "unknown actor" "/api/timeline?actor=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E4%BA%BA" 404 not_found
get /api/doc/1
check "document 1 exists" equals "$(status)" 200
check "document 1 is itself" equals "$(json_get id)" 1

# ---- methods and bodies ----------------------------------------------------------

api_error "POST" "/api/stats" 405 method_not_allowed --method POST
get /api/stats --method POST --include
check "405 says Allow: GET, HEAD" sh -c "grep -i '^allow:' '$WORK/body' | grep -q 'GET, HEAD'"
api_error "DELETE" "/api/doc/1" 405 method_not_allowed --method DELETE
api_error "PUT with a body" "/api/stats" 405 method_not_allowed --method PUT --data x
api_error "GET with a body" "/api/stats" 413 too_large --method GET --data "some body"
get /api/stats --method HEAD
check "HEAD: 200" equals "$(status)" 200
check "HEAD: no body" equals "$(wc -c <"$WORK/body")" 0

# ---- parameters --------------------------------------------------------------------

api_error "missing q" "/api/search" 400 bad_request
api_error "limit=0" "/api/search?q=%E5%A5%A5%E6%96%AF%E6%B1%80&limit=0" 400 bad_request
api_error "limit=100000" "/api/search?q=%E5%A5%A5%E6%96%AF%E6%B1%80&limit=100000" 400 bad_request
api_error "limit=101" "/api/search?q=x&limit=101" 400 bad_request
api_error "limit not a number" "/api/search?q=x&limit=ten" 400 bad_request
api_error "offset=10001" "/api/search?q=x&offset=10001" 400 bad_request
api_error "negative offset" "/api/entities?offset=-1" 400 bad_request
api_error "entities limit=501" "/api/entities?limit=501" 400 bad_request
api_error "timeline limit=1001" "/api/timeline?limit=1001" 400 bad_request
api_error "stories min_size=0" "/api/stories?min_size=0" 400 bad_request
api_error "bad date" "/api/search?q=x&from=2024-13-45" 400 bad_request
api_error "date in words" "/api/search?q=x&to=yesterday" 400 bad_request
api_error "timeline bad date" "/api/timeline?from=20240" 400 bad_request
api_error "unknown event type" "/api/timeline?type=dance" 400 bad_request
api_error "unknown entity type" "/api/entities?type=planet" 400 bad_request
api_error "unbalanced quote" "/api/search?q=%22%E5%A5%A5%E6%96%AF%E6%B1%80" 400 bad_query
api_error "only an operator" "/api/search?q=OR" 400 bad_query
get "/api/search?q=奥斯汀&limit=100&offset=10000"
check "offset=10000: accepted" equals "$(status)" 200
get "/api/search?q=奥斯汀&limit=1"
check "limit=1: one hit" equals "$(json_get limit)	$(json_get hits.1.id)" "1	null"

# ---- the access log ------------------------------------------------------------------

# A URL holding terminal escapes (ESC, and C1's CSI as UTF-8) is logged with
# them written out, not sent raw to whoever reads stderr.
get "/api/%1B%5B2J%C2%9Bx"
check "escapes in a URL: 404" equals "$(status)" 404
check "escapes in a URL: logged escaped" contains "$WORK/serve.err" '/api/\x1B[2J\xC2\x9Bx 404'
check "escapes in a URL: no raw ESC in the log" sh -c "! LC_ALL=C grep -q \"$(printf '\033')\" '$WORK/serve.err'"

# ---- Host ----------------------------------------------------------------------------

port=${base##*:}
api_error "Host: attacker.example" /api/stats 421 misdirected --header "Host: attacker.example"
api_error "Host: attacker.example:PORT" "/api/search?q=x" 421 misdirected \
    --header "Host: attacker.example:$port"
api_error "Host: a name ending in 127.0.0.1's" /api/stats 421 misdirected \
    --header "Host: 127.0.0.1.attacker.example"
api_error "Host: attacker.example on the UI" / 421 misdirected --header "Host: attacker.example"
for host in localhost "localhost:$port" "localhost:9999" "127.0.0.1:$port" "[::1]"; do
    get /api/stats --header "Host: $host"
    check "Host: $host: answered" equals "$(status)	$(json_get documents)" "200	$documents"
done

stop_server
check "SIGTERM: exit 0" equals "$stopped_status" 0

# ---- the token -------------------------------------------------------------------

token=dossier-test-token-0123456789abcdef

# refused DESCRIPTION WORD SERVE_ARGS...: `serve SERVE_ARGS` exits with a
# usage error (not a signal) before serving and its message holds WORD.
# Bounded: a server that starts anyway is stopped after 60 s.
refused() {
    desc=$1 word=$2
    shift 2
    "$DOSSIER_BIN" --db "$DOSSIER_DB" serve "$@" >"$WORK/refused.out" 2>"$WORK/refused.err" &
    refused_pid=$!
    helper_pids=$refused_pid
    i=0
    while [ $i -lt 1200 ] && kill -0 $refused_pid 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
    kill $refused_pid 2>/dev/null
    wait $refused_pid
    rc=$?
    helper_pids=
    check "$desc: refused" sh -c "[ $rc -ne 0 ] && [ $rc -lt 128 ]"
    check "$desc: says why" contains "$WORK/refused.err" "$word"
}

# Any address but loopback without a token: refused before it serves.
refused "0.0.0.0 without --token" "--token" --listen 0.0.0.0:0
refused "a token too short" "token" --listen 127.0.0.1:0 --token short
refused "no port" "127.0.0.1" --listen 127.0.0.1
refused "threads 0" "--threads" --listen 127.0.0.1:0 --threads 0
refused "--allow-host with a port" "without a port" --listen 127.0.0.1:0 \
    --allow-host archive.example:8080
refused "--allow-host not a name" "--allow-host" --listen 127.0.0.1:0 --allow-host "a b"
refused "--header-timeout 0" "--header-timeout" --listen 127.0.0.1:0 --header-timeout 0
refused "--max-per-client 0" "--max-per-client" --listen 127.0.0.1:0 --max-per-client 0

start_server --token "$token" || { echo "FAIL: server with a token did not start"; exit 1; }
auth="Authorization: Bearer $token"
api_error "no token" /api/stats 401 unauthorized
api_error "wrong token" /api/stats 401 unauthorized --header "Authorization: Bearer not-the-token-0123456789abcdef"
api_error "token without Bearer" /api/stats 401 unauthorized --header "Authorization: $token"
api_error "no token, search" "/api/search?q=x" 401 unauthorized
get /api/stats --header "Authorization: Bearer $token"
check "right token: 200" equals "$(status)" 200
check "right token: the archive" equals "$(json_get documents)" "$documents"
get "/api/search?q=奥斯汀" --header "Authorization: Bearer $token"
check "right token: search 200" equals "$(status)" 200
get /
check "UI without a token" equals "$(status)" 200
stop_server
check "SIGTERM with a token: exit 0" equals "$stopped_status" 0

# The token from the environment.
auth=
export DOSSIER_TOKEN="$token"
start_server || { echo "FAIL: server with DOSSIER_TOKEN did not start"; exit 1; }
unset DOSSIER_TOKEN
auth="Authorization: Bearer $token"
api_error "DOSSIER_TOKEN, no header" /api/stats 401 unauthorized
get /api/stats --header "$auth"
check "DOSSIER_TOKEN, right header: 200" equals "$(status)" 200
stop_server
check "SIGTERM with DOSSIER_TOKEN: exit 0" equals "$stopped_status" 0

# Names given with --allow-host, and only those, besides the server's own.
auth=
start_server --allow-host archive.example --allow-host "[fd00::5]" ||
    { echo "FAIL: server with --allow-host did not start"; exit 1; }
for host in archive.example ARCHIVE.EXAMPLE:443 "[fd00::5]:80" localhost; do
    get /api/stats --header "Host: $host"
    check "--allow-host, Host: $host: answered" equals "$(status)" 200
done
api_error "--allow-host, Host: other.example" /api/stats 421 misdirected \
    --header "Host: other.example"
stop_server
check "SIGTERM with --allow-host: exit 0" equals "$stopped_status" 0
finish
