#!/bin/sh
# Several writers on one archive (issue 14, items 3 and 4):
# 1. processes creating a new archive at once all succeed (the schema
#    version is read under the write lock, not before it);
# 2. a writer that finds the archive locked waits its turn, says so, and
#    then succeeds, however long the other holds it;
# 3. ingest does not hold the archive while it reads a slow file: what it
#    wrote before is committed, and the write lock is free meanwhile;
# 4. ingest, fetch and reindex in loops on one archive: no failure, every
#    document stored once, and the counts they print add up to the archive's.
. "$(dirname "$0")/lib.shinc"
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder holding testhttpd}"

# rec FILE N [TEXT]: a feed-archive record of our own, number N.
rec() {
    make_record "$1" "$((1717142400000 + $2))" "https://writers.example.org/r/$2" \
        "第 $2 篇並行寫入測試" "<p>第 $2 篇報導：兩國防長在新加坡會晤，討論恢復軍事溝通。${3:-}</p>"
}

# ---- 1. creating one archive from three processes at once ---------------

mkdir -p "$WORK/one"
rec "$WORK/one/a.txt" 1
bad=0
round=0
while [ $round -lt 20 ]; do
    db="$WORK/create-$round.db"
    for p in 1 2 3; do
        "$DOSSIER_BIN" --db "$db" ingest --quiet "$WORK/one" 2>"$WORK/create-$round-$p.err" &
    done
    wait
    for p in 1 2 3; do
        if [ -s "$WORK/create-$round-$p.err" ]; then
            bad=$((bad + 1))
            head -2 "$WORK/create-$round-$p.err"
        fi
    done
    [ "$(sqlite3 "$db" 'SELECT count(*) FROM docs')" = 1 ] || bad=$((bad + 1))
    round=$((round + 1))
done
check "60 processes creating 20 archives three at a time: no failure" equals "$bad" 0
check "the archive they made is sound" dossier --db "$WORK/create-0.db" check

# ---- 2. a writer waits its turn --------------------------------------------

dossier ingest --quiet "$WORK/one"
mkdir -p "$WORK/two"
rec "$WORK/two/b.txt" 2
# Another process holds the write lock for 11 s: longer than any fixed
# busy timeout Dossier used to have (10 s).
{ echo "BEGIN IMMEDIATE;"; echo "UPDATE feeds SET title = title;"; sleep 11; echo "COMMIT;"; } |
    sqlite3 "$DOSSIER_DB" &
holder=$!
sleep 0.5
dossier ingest "$WORK/two" 2>"$WORK/wait.err"
rc=$?
wait $holder
check "the waiting ingest succeeds" equals "$rc" 0
check "it said why it waited" contains "$WORK/wait.err" "waiting for another process writing the archive"
check "and stored its document" contains "$WORK/wait.err" "ingested 1,"
check "two documents" equals "$(doc_count)" 2

# ---- 3. the lock is not held while the reader is busy ----------------------

mkdir -p "$WORK/slow"
rec "$WORK/slow/1-small.txt" 3
# A large plain-text report takes the reader seconds to parse and read.
awk 'BEGIN {
    printf "一份很長的報告\n\n"
    for (i = 0; i < 12000; i++)
        printf "第%d段：美國國防部長與中國國防部長在%d月%d日通電話，雙方同意維持溝通管道，並就海上安全交換意見。\n", i, i % 12 + 1, i % 28 + 1
}' >"$WORK/slow/2-large.txt"
"$DOSSIER_BIN" ingest --quiet "$WORK/slow" 2>"$WORK/slow.err" &
ingest=$!
seen_one=0 lock_free=0 tries=0
while kill -0 $ingest 2>/dev/null && [ $tries -lt 1200 ]; do
    n=$(sqlite3 "file:$DOSSIER_DB?mode=ro" 'SELECT count(*) FROM docs' 2>/dev/null || echo 0)
    if [ "$n" = 3 ]; then
        seen_one=1
        # Zero timeout: this succeeds only when nobody holds the write lock.
        if sqlite3 "$DOSSIER_DB" 'BEGIN IMMEDIATE; COMMIT;' >/dev/null 2>&1; then
            lock_free=1
        fi
        break
    fi
    sleep 0.05
    tries=$((tries + 1))
done
wait $ingest
check "the slow ingest succeeds" equals "$?" 0
check "the small file was committed while the large one was being read" equals "$seen_one" 1
check "and the write lock was free meanwhile" equals "$lock_free" 1
check "both stored" equals "$(doc_count)" 4

# ---- 4. ingest, fetch and reindex in loops at once -------------------------

www="$WORK/www"
mkdir -p "$www"
"$DOSSIER_TOOLS/testhttpd" --root "$www" --port-file "$WORK/port" --log "$WORK/log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
base="http://127.0.0.1:$(cat "$WORK/port")"

# feed K: an RSS channel of 20 items of its own.
feed() {
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>並行頻道 %s</title><link>https://feeds.example.org/%s/</link>\n' "$1" "$1"
        k=0
        while [ $k -lt 20 ]; do
            printf '<item><title>頻道 %s 第 %s 條</title><link>https://feeds.example.org/%s/%s</link><guid>f%s-%s</guid>' "$1" "$k" "$1" "$k" "$1" "$k"
            printf '<pubDate>Fri, 31 May 2024 08:%02d:00 +0800</pubDate><description>頻道 %s 的第 %s 條消息：雙方同意恢復對話。</description></item>\n' "$k" "$1" "$k"
            k=$((k + 1))
        done
        printf '</channel></rss>\n'
    } >"$www/feed$1.xml"
}

rounds=6
n=0
while [ $n -lt $rounds ]; do
    feed $n
    mkdir -p "$WORK/batch$n"
    k=0
    while [ $k -lt 150 ]; do
        rec "$WORK/batch$n/r$k.txt" $((1000 + n * 1000 + k)) "這是第 $n 批的第 $k 篇。"
        k=$((k + 1))
    done
    n=$((n + 1))
done

(   n=0
    while [ $n -lt $rounds ]; do
        "$DOSSIER_BIN" ingest "$WORK/batch$n" 2>>"$WORK/ingest.err" || echo "ingest $n failed" >>"$WORK/fail"
        n=$((n + 1))
    done ) &
a=$!
(   n=0
    while [ $n -lt $rounds ]; do
        "$DOSSIER_BIN" fetch "$base/files/feed$n.xml" 2>>"$WORK/fetch.err" || echo "fetch $n failed" >>"$WORK/fail"
        n=$((n + 1))
    done ) &
b=$!
(   n=0
    while [ $n -lt 3 ]; do
        "$DOSSIER_BIN" reindex 2>>"$WORK/reindex.err" || echo "reindex $n failed" >>"$WORK/fail"
        n=$((n + 1))
    done ) &
c=$!
wait $a $b $c
[ -s "$WORK/fail" ] && cat "$WORK/fail" && tail -n 3 "$WORK/ingest.err" "$WORK/fetch.err" "$WORK/reindex.err"
check "no writer failed" sh -c "[ ! -s '$WORK/fail' ]"
check "no 'busy' anywhere" sh -c "! grep -h 'busy' '$WORK/ingest.err' '$WORK/fetch.err' '$WORK/reindex.err'"
ingested=$(sed -n 's/^ingested \([0-9]*\),.*/\1/p' "$WORK/ingest.err" | awk '{ s += $1 } END { print s + 0 }')
fetched=$(sed -n 's/.*: [0-9]* items (\([0-9]*\) new,.*/\1/p' "$WORK/fetch.err" | awk '{ s += $1 } END { print s + 0 }')
check "ingest counted every file once" equals "$ingested" $((rounds * 150))
check "fetch counted every item once" equals "$fetched" $((rounds * 20))
check "the counts printed are the archive's" equals "$(doc_count)" $((4 + ingested + fetched))
check "every document once" equals "$(sqlite3 "$DOSSIER_DB" 'SELECT count(*) - count(DISTINCT title) FROM docs')" 0
check "integrity after it all" dossier check
finish
