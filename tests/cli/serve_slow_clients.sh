#!/bin/sh
# dossier serve against clients that never finish their request headers
# ("slow loris"), played by tests/tools/slowloris from addresses of
# 127.0.0.0/8 other than 127.0.0.1 (all of it is this machine's), while
# normal requests come from 127.0.0.1:
# - a connection that sends a header byte a second but never the end of
#   its headers is closed once --header-timeout (3 s) has passed, never
#   before, and is sent nothing;
# - from one address, connections past --max-per-client (16) are refused
#   at once, and those within it are kept;
# - while 200 such connections from 20 addresses are cut at their
#   deadline and come back, 400 normal requests on 4 connections and a
#   burst of 64 on new connections all get 200, and no slow connection
#   within its address's limit is refused;
# - the server then still answers and stops with exit 0 on SIGTERM.
# Two servers: one that lets an address hold 16 connections, for the first
# two; one with the default limit (4,096), for the load.
# The load is small and nothing is timed but the deadline itself, which
# the server must never beat (ages are measured by the client, from the
# moment its connection was established, so they may fall short of the
# deadline by the server's accept latency: half a second is allowed).
. "$(dirname "$0")/lib.shinc"
. "$(dirname "$0")/serve.shinc"
unset DOSSIER_TOKEN
SLOWLORIS="$DOSSIER_TOOLS/slowloris"
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"
dossier ingest "$src/examples" 2>/dev/null
documents=$(doc_count)

start_server --header-timeout 3 --max-per-client 16 ||
    { echo "FAIL: server did not start"; exit 1; }
target=${base#http://}

# field NAME: a number from the last slowloris summary line.
field() { tr ' ' '\n' <"$WORK/slow.out" | sed -n "/^$1\$/{n;p;}"; }

# at_least A B: A >= B, both decimals.
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

# ---- the deadline ------------------------------------------------------------------

"$SLOWLORIS" --connections 3 --first-source 2 --no-reconnect --duration 60 --young 2.5 \
    "$target" >"$WORK/slow.out" 2>"$WORK/slow.err"
cat "$WORK/slow.out"
check "deadline: every slow connection was cut" equals "$(field cut)" 3
check "deadline: none is left" equals "$(field open_at_end)" 0
check "deadline: none was cut before its time" equals "$(field cut_young)" 0
check "deadline: the youngest was cut at 2.5 s or later" at_least "$(field cut_age_min)" 2.5
check "deadline: they were sent nothing" equals "$(field answered)" 0
check "deadline: the server says so" contains "$WORK/serve.err" \
    "did not finish a request's headers within 3 s"

# ---- one address's limit -------------------------------------------------------

# 40 at once from 127.0.0.3: 16 kept (open at the end, or cut at their
# deadline if this ran long), 24 refused at once.
"$SLOWLORIS" --connections 40 --first-source 3 --no-reconnect --duration 2 --young 2.5 \
    "$target" >"$WORK/slow.out" 2>"$WORK/slow.err"
cat "$WORK/slow.out"
check "per client: 24 of 40 refused at once" equals "$(field cut_young)" 24
check "per client: 16 kept" equals \
    "$(( $(field open_at_end) + $(field cut) - $(field cut_young) ))" 16

stop_server
check "SIGTERM: exit 0" equals "$stopped_status" 0

# ---- normal requests among slow ones ----------------------------------------------

# Every client's limit is the default (4,096) here: the burst below opens 64
# connections from 127.0.0.1 at once.
start_server --header-timeout 3 || { echo "FAIL: server did not start"; exit 1; }
target=${base#http://}

"$SLOWLORIS" --connections 200 --sources 20 --first-source 10 --duration 8 --young 2.5 \
    --ready-file "$WORK/slow.ready" "$target" >"$WORK/slow.out" 2>"$WORK/slow.err" &
slow_pid=$!
helper_pids=$slow_pid
i=0
while [ $i -lt 600 ] && [ ! -f "$WORK/slow.ready" ] && kill -0 $slow_pid 2>/dev/null; do
    sleep 0.05
    i=$((i + 1))
done
check "among slow ones: the 200 slow connections are in place" test -f "$WORK/slow.ready"
"$LOADGEN" --connections 4 --requests 400 --timeout 20 "$base/api/stats" \
    "$base/api/search?q=奥斯汀" "$base/api/doc/1" >"$WORK/normal.out" 2>"$WORK/normal.err"
normal=$?
cat "$WORK/normal.out"
check "among slow ones: 400 requests, all 200" sh -c \
    "[ $normal = 0 ] && grep -q '^requests 400 errors 0 non2xx 0 unexpected 0 ' '$WORK/normal.out'"
"$LOADGEN" --burst 64 --timeout 20 "$base/api/stats" >"$WORK/burst.out" 2>"$WORK/burst.err"
burst=$?
cat "$WORK/burst.out"
check "among slow ones: a burst of 64 new connections, all 200" sh -c \
    "[ $burst = 0 ] && grep -q '^requests 64 errors 0 ' '$WORK/burst.out'"
wait $slow_pid
helper_pids=
cat "$WORK/slow.out"
check "among slow ones: they were cut at their deadline" at_least "$(field cut)" 200
check "among slow ones: none within its limit was refused" equals "$(field cut_young)" 0
check "among slow ones: every reconnection was taken" equals "$(field connect_failed)" 0

# ---- afterwards --------------------------------------------------------------------

get /api/stats
check "afterwards: still serving" equals "$(status)	$(json_get documents)" "200	$documents"
stop_server
check "SIGTERM: exit 0" equals "$stopped_status" 0
finish
