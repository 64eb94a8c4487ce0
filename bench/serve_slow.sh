#!/bin/sh
# Normal requests to `dossier serve` among slow-loris connections (issue 14,
# item 7): p50/p99 of normal requests with none and with thousands of
# connections that never finish their headers.
#
#   bench/serve_slow.sh [--build DIR] [--tools DIR] [--scenarios "0 2000@20@2 ..."]
#                       [--duration S] [--connections N] [--timeout S]
#                       [--settle S] [--serve-args "ARGS"]
#
# Each scenario N@K@A is N slow connections (tests/tools/slowloris: a
# header byte a second, never the end of the headers, reconnecting at once
# when cut) from K source addresses starting at 127.0.0.A (all of
# 127.0.0.0/8 is this machine's; A=1 is the normal clients' own address);
# a bare 0 is none.  For each, on a fresh server over an archive of
# examples/: the slow connections are opened, given --settle seconds
# (default 15, past one 10 s header deadline, so that cuts and
# reconnections are going on), then normal requests (a mix of stats,
# searches, a document, entities, an entity page, a timeline) are measured
# with tests/tools/loadgen: N connections (default 8) kept alive for S
# seconds (default 20), then the same with "Connection: close" (every
# request a new connection, which is what the slow ones used to lock out).
# Requests that take longer than --timeout (default 10) count as errors.
# Also measured: the server's resident memory and open descriptors during
# the load, and what the slow clients saw (cut at their deadline,
# refused).  Prints Markdown.  dossier from DIR (default build/; an older
# build works too, for a before/after: its `serve` gets only
# --serve-args), loadgen and slowloris from --tools DIR (default DIR's
# tests/); the work folder is /var/tmp/dossier-serve-slow.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
tools=
scenarios="0 2000@20@2 2100@1@1 10000@100@2"
duration=20
conns=8
timeout=10
settle=15
serve_args=
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --serve-args) serve_args=$2; shift 2 ;;
    *) echo "usage: bench/serve_slow.sh [--build DIR] [--tools DIR] [--scenarios LIST] [--duration S] [--connections N] [--timeout S] [--settle S] [--serve-args ARGS]" >&2; exit 2 ;;
    esac
done
build=$(cd "$build" && pwd)
tools=$(cd "${tools:-$build/tests}" && pwd)
bin=$build/dossier
loadgen=$tools/loadgen
slowloris=$tools/slowloris
for b in "$bin" "$loadgen" "$slowloris"; do
    [ -x "$b" ] || { echo "serve_slow.sh: $b not built (run make build)" >&2; exit 2; }
done
work=/var/tmp/dossier-serve-slow
mkdir -p "$work"
cd "$work"
db=$work/bench.db
server_pid= slow_pid=
trap 'for p in $slow_pid $server_pid; do kill $p 2>/dev/null; wait $p 2>/dev/null; done' EXIT
trap 'exit 2' INT TERM HUP
# Thousands of connections: as many descriptors as allowed (the server
# raises its own limit; the clients here need theirs).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" ingest "$here/../examples" >/dev/null 2>&1
entity=$("$bin" --db "$db" entities --json 2>/dev/null | head -1 | sed 's/.*"id":\([0-9]*\).*/\1/')
cat >"$work/paths" <<EOF
/api/stats
/api/search?q=奥斯汀
/api/search?q=Austin
/api/search?q=王毅 布林肯
/api/doc/1
/api/entities?limit=20
/api/entity/$entity
/api/timeline?actor=奧斯汀
EOF

start_server() {
    port=0 attempt=0
    while [ $attempt -lt 10 ]; do
        attempt=$((attempt + 1))
        : >"$work/serve.out"; : >"$work/serve.err"  # not in the background child: it may come late
        # shellcheck disable=SC2086
        "$bin" --db "$db" serve --quiet --listen "127.0.0.1:$port" $serve_args \
            >"$work/serve.out" 2>"$work/serve.err" &
        server_pid=$!
        i=0 bound=
        while [ $i -lt 600 ] && kill -0 $server_pid 2>/dev/null; do
            if [ -z "$bound" ]; then
                if [ "$port" = 0 ]; then
                    bound=$(cat "$work/serve.out" "$work/serve.err" 2>/dev/null |
                        grep -oE '127\.0\.0\.1:[1-9][0-9]*' | head -1 | sed 's/.*://')
                else
                    bound=$port
                fi
            fi
            if [ -n "$bound" ] && "$loadgen" --once --timeout 5 "http://127.0.0.1:$bound/api/stats" >/dev/null 2>&1; then
                base=http://127.0.0.1:$bound
                return 0
            fi
            sleep 0.05
            i=$((i + 1))
        done
        kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true
        server_pid=
        port=$((20000 + ($$ * 31 + attempt * 977) % 40000))
    done
    echo "serve_slow.sh: dossier serve did not start:" >&2
    cat "$work/serve.err" >&2
    exit 1
}

stop() {
    for p in $slow_pid $server_pid; do kill $p 2>/dev/null; wait $p 2>/dev/null || true; done
    slow_pid= server_pid=
}

# field FILE NAME: a value from a loadgen or slowloris summary line.
field() { tr ' ' '\n' <"$1" | sed -n "/^$2\$/{n;p;}" | head -1; }

# server_use: "RSS MiB, peak MiB, descriptors" of the server now.
server_use() {
    rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
    hwm=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
    fds=$(ls "/proc/$server_pid/fd" | wc -l)
    echo "$rss $hwm $fds"
}

# row LABEL FILE: a table row from a loadgen summary.
row() {
    echo "| $1 | $(field "$2" requests) | $(field "$2" errors) | $(field "$2" rps) | $(field "$2" p50_ms) | $(field "$2" p99_ms) | $(field "$2" max_ms) |"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); server: $bin (this script from commit $(cd "$here/.." && git rev-parse --short HEAD 2>/dev/null || echo "?"))${serve_args:+, serve $serve_args}; open-file limit $(ulimit -n)/$(ulimit -Hn); load average at the start $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Normal requests: $conns connections for $duration s over $(wc -l <"$work/paths") paths, timeout $timeout s; slow connections given $settle s first."
echo
echo "| slow connections | normal requests | requests | errors | rps | p50 ms | p99 ms | max ms |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
: >"$work/notes"
for sc in $scenarios; do
    n=${sc%%@*}
    rest=${sc#*@}
    if [ "$n" = "$sc" ]; then k=1 a=2; else k=${rest%%@*}; a=${rest#*@}; fi
    start_server
    sed "s|^|$base|" "$work/paths" >"$work/urls"
    "$loadgen" --connections "$conns" --requests 200 --urls-file "$work/urls" >/dev/null 2>&1 || true
    label="none"
    if [ "$n" -gt 0 ]; then
        last=$((a + k - 1))
        if [ "$k" = 1 ]; then from="127.0.0.$a"; else from="127.0.0.$a–$last"; fi
        [ "$a" = 1 ] && from="$from (the normal clients' own)"
        label="$n from $from"
        rm -f "$work/slow.ready"
        "$slowloris" --connections "$n" --sources "$k" --first-source "$a" \
            --duration $((settle + 3 * duration + 120)) --ready-file "$work/slow.ready" \
            "${base#http://}" >"$work/slow.out" 2>"$work/slow.err" &
        slow_pid=$!
        i=0
        while [ $i -lt 1200 ] && [ ! -f "$work/slow.ready" ] && kill -0 $slow_pid 2>/dev/null; do
            sleep 0.1; i=$((i + 1))
        done
        [ -f "$work/slow.ready" ] || echo "($label: not all $n slow connections were established)" >>"$work/notes"
        sleep "$settle"
    fi
    "$loadgen" --connections "$conns" --duration "$duration" --timeout "$timeout" \
        --urls-file "$work/urls" >"$work/keep.out" 2>"$work/keep.err" || true
    use=$(server_use)
    "$loadgen" --connections "$conns" --duration "$duration" --timeout "$timeout" \
        --header "Connection: close" --urls-file "$work/urls" >"$work/close.out" 2>"$work/close.err" || true
    row "$label" "$work/keep.out" | sed 's/^| \([^|]*\) |/| \1 | kept alive |/'
    row "$label" "$work/close.out" | sed 's/^| \([^|]*\) |/| \1 | a new connection each |/'
    set -- $use
    if [ "$n" -gt 0 ]; then
        kill "$slow_pid" 2>/dev/null || true
        wait "$slow_pid" 2>/dev/null || true
        slow_pid=
        echo "- $label: server ${1} MiB resident (peak ${2}), ${3} descriptors open during the load; the slow clients saw: $(cat "$work/slow.out")" >>"$work/notes"
    else
        echo "- $label: server ${1} MiB resident (peak ${2}), ${3} descriptors open during the load" >>"$work/notes"
    fi
    stop
done
echo
cat "$work/notes"
