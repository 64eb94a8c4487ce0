#!/bin/sh
# Three writers on one archive at once, for a while (issue 14):
#   bench/writers.sh [--build DIR] [--duration S] [--base N]
# Builds an archive of N generated reports (default 3000), then runs for S
# seconds (default 60), all on the same file:
#   - ingest: a loop of `dossier ingest` of 200 new reports a round;
#   - fetch:  a loop of `dossier fetch` of a new feed of 30 items a round,
#             served by tests/tools/testhttpd on 127.0.0.1;
#   - reindex: a loop of `dossier reindex` over everything.
# Then counts: every command's exit status, "busy" anywhere, what each
# writer said it stored against what the archive holds, documents stored
# twice, and how long writers waited for each other (their own notices).
# Prints Markdown.  Binaries from DIR (default build/); the work folder is
# /var/tmp/dossier-writers-bench.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
duration=60
base=3000
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    *) echo "usage: bench/writers.sh [--build DIR] [--duration S] [--base N]" >&2; exit 2 ;;
    esac
done
build=$(cd "$build" && pwd)
bin=$build/dossier
work=/var/tmp/dossier-writers-bench
rm -rf "$work"
mkdir -p "$work/www" "$work/in"
db=$work/archive.db

# reports DIR FIRST COUNT: COUNT records of our own, numbered from FIRST.
reports() {
    mkdir -p "$1"
    awk -v dir="$1" -v first="$2" -v n="$3" 'BEGIN {
        split("奧斯汀 董軍 布林肯 王毅 蘇利文 李尚福 拉特納 劉振立", who, " ")
        split("新加坡 北京 華府 舊金山 維也納 曼谷", where, " ")
        for (i = first; i < first + n; i++) {
            f = dir "/r" i ".txt"
            printf "<!--%d-->\n[%s與%s在%s會晤之%d](https://writers.example.org/r/%d)\n------\n\n", \
                1717142400000 + i * 60000, who[i % 8 + 1], who[(i + 3) % 8 + 1], where[i % 6 + 1], i, i > f
            printf "<div><i><br>2024-05-%02dT08:00:00.000Z</i></div>", i % 28 + 1 > f
            printf "<p>%s週五（%d月%d日）在%s會見%s，雙方同意恢復軍事溝通管道，這是第%d篇報導。</p>", \
                who[i % 8 + 1], i % 12 + 1, i % 28 + 1, where[i % 6 + 1], who[(i + 3) % 8 + 1], i > f
            printf "<p>分析人士指出，兩國防務部門的對話在中斷一年後恢復，第%d次會談的議題包括海上安全。</p>\n", i > f
            close(f)
        }
    }'
}

# feed K: an RSS channel of 30 items of its own.
feed() {
    awk -v k="$1" 'BEGIN {
        printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>並行頻道 %d</title><link>https://feeds.example.org/%d/</link>\n", k, k
        for (j = 0; j < 30; j++) {
            printf "<item><title>頻道 %d 第 %d 條：雙方同意恢復對話</title><link>https://feeds.example.org/%d/%d</link><guid>f%d-%d</guid>", k, j, k, j, k, j
            printf "<pubDate>Fri, 31 May 2024 08:%02d:00 +0800</pubDate><description>頻道 %d 的第 %d 條消息：兩國防長通電話，同意恢復對話。</description></item>\n", j, k, j
        }
        printf "</channel></rss>\n"
    }' >"$work/www/feed$1.xml"
}

reports "$work/in/base" 0 "$base"
start=$(date +%s)
"$bin" --db "$db" ingest --quiet "$work/in/base"
echo "base archive: $base reports in $(( $(date +%s) - start )) s"

"$build/tests/testhttpd" --root "$work/www" --port-file "$work/port" --log "$work/http.log" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
i=0
while [ ! -s "$work/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
url="http://127.0.0.1:$(cat "$work/port")/files"

end=$(( $(date +%s) + duration ))
: >"$work/fail"
(   n=0
    while [ "$(date +%s)" -lt $end ]; do
        reports "$work/in/round$n" $((1000000 + n * 1000)) 200
        "$bin" --db "$db" ingest "$work/in/round$n" 2>>"$work/ingest.err" || echo "ingest round $n: exit $?" >>"$work/fail"
        n=$((n + 1))
    done
    echo "$n" >"$work/ingest.rounds" ) &
a=$!
(   n=0
    while [ "$(date +%s)" -lt $end ]; do
        feed $n
        "$bin" --db "$db" fetch "$url/feed$n.xml" 2>>"$work/fetch.err" || echo "fetch round $n: exit $?" >>"$work/fail"
        n=$((n + 1))
    done
    echo "$n" >"$work/fetch.rounds" ) &
b=$!
(   n=0
    while [ "$(date +%s)" -lt $end ]; do
        "$bin" --db "$db" reindex >/dev/null 2>>"$work/reindex.err" || echo "reindex round $n: exit $?" >>"$work/fail"
        n=$((n + 1))
    done
    echo "$n" >"$work/reindex.rounds" ) &
c=$!
wait $a $b $c
took=$(( $(date +%s) - end + duration ))

ingested=$(sed -n 's/^ingested \([0-9]*\),.*/\1/p' "$work/ingest.err" | awk '{ s += $1 } END { print s + 0 }')
fetched=$(sed -n 's/.*: [0-9]* items (\([0-9]*\) new,.*/\1/p' "$work/fetch.err" | awk '{ s += $1 } END { print s + 0 }')
stored=$(sqlite3 "$db" 'SELECT count(*) FROM docs')
twice=$(sqlite3 "$db" 'SELECT count(*) - count(DISTINCT title) FROM docs')
waits=$(cat "$work/ingest.err" "$work/fetch.err" "$work/reindex.err" | grep -c 'waiting for another process' || true)
longest=$(cat "$work/ingest.err" "$work/fetch.err" "$work/reindex.err" |
    sed -n 's/.*waiting for another process writing the archive (\([0-9]*\) s so far).*/\1/p' | sort -n | tail -1)
busy=$(cat "$work/ingest.err" "$work/fetch.err" "$work/reindex.err" | grep -c 'busy' || true)
failures=$(wc -l <"$work/fail" | tr -d ' ')
"$bin" --db "$db" check >/dev/null && sound=yes || sound=no

echo
echo "| writer | rounds | stored (said) |"
echo "|---|---:|---:|"
echo "| ingest (200 reports a round) | $(cat "$work/ingest.rounds") | $ingested |"
echo "| fetch (a feed of 30 items a round) | $(cat "$work/fetch.rounds") | $fetched |"
echo "| reindex (all documents) | $(cat "$work/reindex.rounds") | – |"
echo
echo "- ran ${took} s; failed commands: $failures; 'busy' in any message: $busy; notices of waiting over 2 s: $waits (the longest: ${longest:-0} s and more)"
echo "- documents: $base + $ingested + $fetched = $((base + ingested + fetched)) said, $stored in the archive; stored twice: $twice; check: $sound"
[ "$failures" -eq 0 ] && [ "$busy" -eq 0 ] && [ "$stored" -eq $((base + ingested + fetched)) ] && [ "$twice" -eq 0 ]
