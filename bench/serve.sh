#!/bin/sh
# What `dossier serve` answers per second, and how fast, with and without a
# `dossier ingest` writing the same archive:
#   bench/serve.sh [--build DIR] [--docs N] [--duration S] [--connections "1 8 32 64"]
#                  [--burst N] [--threads T]
# Builds an archive of the examples plus N documents (default 3000) of the
# shared kit's generated corpus (../shared/bench/gen_corpus.py, seed 42),
# and for each measurement copies it afresh (so that documents written by
# one run do not make the next one's searches heavier), starts `dossier
# serve` on 127.0.0.1, warms it (each worker's first request opens its
# connection and loads the aliases) and runs tests/tools/loadgen for S
# seconds (default 20) at each number of connections over a mix of
# searches (both scripts, Latin aliases, phrases, the kit's entity
# queries); then the same while a loop of ingests adds new documents (the
# kit's corpus of seed 7, 100 a round, URLs and first sentence made new
# each round); then wrk (when installed) and loadgen side by side on one
# URL; then a burst of N (default 400) searches released at once.  Prints
# Markdown.  Binaries come from DIR (default build/, `make build`); the
# work folder is /var/tmp/dossier-serve-bench (the corpora are generated
# once and kept there; the archive is rebuilt each run).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
docs=3000
duration=20
conns="1 8 32 64"
burst=400
threads=
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --burst) burst=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: bench/serve.sh [--build DIR] [--docs N] [--duration S] [--connections LIST] [--burst N] [--threads T]" >&2; exit 2 ;;
    esac
done
build=$(cd "$build" && pwd)
bin=$build/dossier
loadgen=$build/tests/loadgen
for b in "$bin" "$loadgen"; do
    [ -x "$b" ] || { echo "serve.sh: $b not built (run make build)" >&2; exit 2; }
done
gen=$here/../../shared/bench/gen_corpus.py
work=/var/tmp/dossier-serve-bench
mkdir -p "$work"
cd "$work"
rm -f "$work/writer.err"
db=$work/bench.db
base_db=$work/base.db
server_pid= writer_pid=
trap 'touch "$work/stop"; for p in $writer_pid $server_pid; do kill $p 2>/dev/null; wait $p 2>/dev/null; done; rm -rf "$work/round"' EXIT
trap 'exit 2' INT TERM HUP

# ---- the archive ---------------------------------------------------------------

corpus() {  # corpus SEED N: the kit's corpus, generated once
    dir=$work/corpus-s$1-n$2
    if [ ! -s "$dir/queries.txt" ]; then
        [ -f "$gen" ] || { echo "serve.sh: $gen missing" >&2; exit 2; }
        rm -rf "$dir"
        /usr/bin/python3 "$gen" --docs "$2" --seed "$1" --out "$dir" >&2
    fi
    echo "$dir"
}
main_corpus=$(corpus 42 "$docs")
writer_corpus=$(corpus 7 3000)
rm -f "$base_db" "$base_db-wal" "$base_db-shm"
t0=$(date +%s)
"$bin" --db "$base_db" ingest "$here/../examples" >/dev/null 2>&1
"$bin" --db "$base_db" ingest "$main_corpus/docs" >/dev/null 2>&1
count() { "$bin" --db "$1" stats --json | sed 's/.*"documents":\([0-9]*\).*/\1/'; }
start_docs=$(count "$base_db")
echo "Archive: $start_docs documents, $(du -m "$base_db" | cut -f1) MiB, built in $(( $(date +%s) - t0 )) s."

# ---- the server ----------------------------------------------------------------------

start_server() {
    port=0 attempt=0
    while [ $attempt -lt 10 ]; do
        attempt=$((attempt + 1))
        : >"$work/serve.out"; : >"$work/serve.err"  # not in the background child: it may come late
        "$bin" --db "$db" serve --quiet --listen "127.0.0.1:$port" ${threads:+--threads "$threads"} \
            >"$work/serve.out" 2>"$work/serve.err" &
        server_pid=$!
        i=0 bound=
        while [ $i -lt 600 ] && kill -0 $server_pid 2>/dev/null; do
            if [ -z "$bound" ]; then
                if [ "$port" = 0 ]; then
                    bound=$(cat "$work/serve.out" "$work/serve.err" |
                        grep -oE '(127\.0\.0\.1|localhost):[1-9][0-9]*' | head -1 | sed 's/.*://')
                else
                    bound=$port
                fi
            fi
            if [ -n "$bound" ] && "$loadgen" --once --timeout 5 "http://127.0.0.1:$bound/api/stats" >/dev/null 2>&1 &&
                kill -0 $server_pid 2>/dev/null; then
                base=http://127.0.0.1:$bound
                return 0
            fi
            sleep 0.05
            i=$((i + 1))
        done
        kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null
        server_pid=
        port=$((20000 + ($$ * 31 + attempt * 977) % 40000))
    done
    echo "serve.sh: dossier serve did not start:" >&2
    cat "$work/serve.err" >&2
    exit 1
}

# The searches: fixed ones in both scripts and Latin, then the kit's word,
# entity, cross-script and Latin queries (terms joined by a space: AND).
{
    for q in 奥斯汀 奧斯汀 Austin "Lloyd Austin" "王毅 布林肯" '"香格里拉對話"' 沙利文 蘇利文 \
        "拜登 OR 習近平" 耶伦 董军 "國防部長" "王毅 NOT 布林肯" 布林肯; do
        echo "/api/search?q=$q"
    done
    awk -F'\t' '$2 == "word" || $2 == "entity" || $2 == "xentity" || $2 == "latin" || $2 == "and2" {
        q = $3; for (i = 4; i <= NF; i++) q = q " " $i
        if (n[$2]++ < 12) print q }' "$main_corpus/queries.txt" |
        while IFS= read -r q; do echo "/api/search?q=$q"; done
} >"$work/paths"
nurls=$(wc -l <"$work/paths")
one_path=/api/search?q=%E5%A5%A5%E6%96%AF%E6%B1%80

stop_server() {
    [ -z "$server_pid" ] || { kill $server_pid; wait $server_pid 2>/dev/null || true; }
    server_pid=
}

# fresh_server: the base archive copied afresh, a server started on it
# ($base, $work/urls, $work/one-url) and warmed by 2 s of the search mix.
fresh_server() {
    stop_server
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$base_db" "$db"
    start_server
    sed "s|^|$base|" "$work/paths" >"$work/urls"
    echo "$base$one_path" >"$work/one-url"
    "$loadgen" --connections 8 --duration 2 --urls-file "$work/urls" >/dev/null 2>&1 || true
}

field() {  # field NAME LINE: the value after NAME in a loadgen summary
    echo "$2" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'
}

# ---- the writer --------------------------------------------------------------------------

# Rounds of 100 new documents (the writer corpus, each URL and first
# paragraph marked with the round) into $wdb (the served archive unless
# said otherwise) until $work/stop appears; at most 400.
wdb=$db
writer() {
    r=0
    files=$(ls "$writer_corpus/docs" | wc -l)
    while [ ! -e "$work/stop" ] && [ $r -lt 400 ]; do
        r=$((r + 1))
        rm -rf "$work/round"
        mkdir "$work/round"
        from=$(( (r - 1) * 100 % files ))
        ls "$writer_corpus/docs" | tail -n +$((from + 1)) | head -100 | sed "s|^|$writer_corpus/docs/|" |
            xargs awk -v mark="$(date +%s%N)" -v out="$work/round" '
                FNR == 1 { if (f) close(f); f = FILENAME; sub(/.*\//, "", f); f = out "/" f }
                FNR == 2 { sub(/\(https:\/\/example\.org\/news\//, "(https://example.org/w" mark "/") }
                FNR == 5 { sub(/<p>/, "<p>第" mark "輪，") }
                { print > f }'
        out=$("$bin" --db "$wdb" ingest "$work/round" 2>&1) || echo "$out" >>"$work/writer.err"
    done
}

# The server's CPU time so far, in clock ticks (user + system).
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
hz=$(getconf CLK_TCK)

# run_load CONNECTIONS URLS_FILE: one loadgen run; prints its summary with
# "server_cpu_ms_per_request X" appended: CPU the server spent per answer,
# steadier than rps on a shared machine.
run_load() {
    t0=$(server_ticks)
    l=$("$loadgen" --connections "$1" --duration "$duration" --urls-file "$2" 2>"$work/load.err" || true)
    t1=$(server_ticks)
    echo "$l server_cpu_ms_per_request $(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v n="$(field requests "$l")" \
        'BEGIN { printf "%.1f", (n > 0 ? (b - a) * 1000 / hz / n : 0) }')"
}

row() {  # row CONNECTIONS INGEST SUMMARY DOCS_PER_S
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" \
        "$(field requests "$3")" "$(field rps "$3")" "$(field p50_ms "$3")" "$(field p90_ms "$3")" \
        "$(field p99_ms "$3")" "$(field max_ms "$3")" "$(field server_cpu_ms_per_request "$3")" \
        "$(awk -v a="$(field errors "$3")" -v b="$(field non2xx "$3")" 'BEGIN { print a + b }')" "$4"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Each fixed search alone: one connection, 10 requests, and its hit count.
fresh_server
echo
echo "Server: threads ${threads:-default}; $(nproc) cores; load average before: $(loadavg)."
echo
echo "| search (one connection, 10 requests) | hits | p50 ms | p99 ms |"
echo "|---|---:|---:|---:|"
head -14 "$work/urls" | while IFS= read -r u; do
    l=$("$loadgen" --connections 1 --requests 10 "$u" 2>/dev/null || true)
    total=$("$loadgen" --once "$u" 2>/dev/null | tail -n +2 | "$build/tests/jsonl" --get total)
    printf '| %s | %s | %s | %s |\n' "${u#*q=}" "$total" "$(field p50_ms "$l")" "$(field p99_ms "$l")"
done

echo
echo "All $nurls searches cycled; $duration s per run."
echo
echo "| connections | ingest | requests | rps | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/request | errors + non-2xx | docs written/s |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

# written: documents the writer added to its archive, per second.
written() { awk -v a="$start_docs" -v b="$(count "$wdb")" -v d="$duration" 'BEGIN { printf "%.1f", (b - a) / d }'; }

# The writer alone first: its rate without readers.
fresh_server
stop_server
rm -f "$work/stop"
writer & writer_pid=$!
sleep "$duration"
touch "$work/stop"; wait $writer_pid; writer_pid=
alone_rate=$(written)
echo "| 0 | alone | – | – | – | – | – | – | – | – | $alone_rate |"

for c in $conns; do
    fresh_server
    quiet=$(run_load "$c" "$work/urls")
    row "$c" no "$quiet" –
    fresh_server
    rm -f "$work/stop"
    writer & writer_pid=$!
    busy=$(run_load "$c" "$work/urls")
    touch "$work/stop"; wait $writer_pid; writer_pid=
    rate=$(written)
    row "$c" yes "$busy" "$rate"
    eval "quiet_$c=\$quiet busy_$c=\$busy rate_$c=\$rate"
done

# The control: the same writer on another copy of the archive, so that
# only the CPU is shared, not the file (at the middle load, 8 connections).
fresh_server
wdb=$work/other.db
rm -f "$wdb" "$wdb-wal" "$wdb-shm"
cp "$base_db" "$wdb"
rm -f "$work/stop"
writer & writer_pid=$!
other=$(run_load 8 "$work/urls")
touch "$work/stop"; wait $writer_pid; writer_pid=
row 8 "other file" "$other" "$(written)"
rm -f "$wdb" "$wdb-wal" "$wdb-shm"
wdb=$db

echo
echo "With ingest against without (rps ratio, p99 ratio; writer's rate against alone):"
echo
for c in $conns; do
    eval "q=\$quiet_$c b=\$busy_$c r=\$rate_$c"
    awk -v c="$c" -v qr="$(field rps "$q")" -v br="$(field rps "$b")" -v qp="$(field p99_ms "$q")" \
        -v bp="$(field p99_ms "$b")" -v r="$r" -v a="$alone_rate" 'BEGIN {
        printf "- %s connections: rps x%.2f, p99 x%.2f; ingest %s docs/s, x%.2f of alone\n",
            c, (qr > 0 ? br / qr : 0), (qp > 0 ? bp / qp : 0), r, (a > 0 ? r / a : 0) }'
done
[ ! -s "$work/writer.err" ] || { echo; echo "Writer errors:"; head -5 "$work/writer.err"; }

# ---- wrk beside loadgen on one URL ----------------------------------------------------------

if command -v wrk >/dev/null 2>&1; then
    fresh_server
    one=$(cat "$work/one-url")
    echo
    echo "One URL ($one_path, 奥斯汀), 32 connections, $duration s, each on a fresh server:"
    echo
    echo "| client | requests | rps | p50 ms | p99 ms | non-2xx | timeouts |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    # wrk's own 2 s timeout would leave the slowest answers out of its
    # percentiles: give it loadgen's 30 s.
    w=$(wrk -t2 -c32 -d"${duration}s" --timeout 30s --latency "$one")
    echo "$w" >"$work/wrk.out"
    fresh_server
    echo "$w" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
        /Non-2xx/ { bad = $NF }
        /Socket errors/ { to = $NF }
        END { printf "| wrk 4.x, 2 threads | %s | %s | %.3f | %.3f | %d | %d |\n", n, rps, p50, p99, bad, to }'
    l=$(run_load 32 "$work/one-url")
    printf '| loadgen, 32 threads | %s | %s | %s | %s | %s | %s |\n' "$(field requests "$l")" "$(field rps "$l")" \
        "$(field p50_ms "$l")" "$(field p99_ms "$l")" "$(field non2xx "$l")" "$(field errors "$l")"
fi

# ---- a burst -------------------------------------------------------------------------------

echo
echo "Burst: $burst searches for 奥斯汀 released together (loadgen --burst), three times, each on a fresh server:"
echo
for i in 1 2 3; do
    fresh_server
    echo "- $("$loadgen" --burst "$burst" --timeout 120 --urls-file "$work/one-url" 2>&1 | tail -1)"
done

echo
echo "Load average after: $(loadavg)."
stop_server
