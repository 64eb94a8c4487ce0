#!/bin/sh
# kill -9 in the middle of a large batch leaves a sound archive, and a
# re-run completes the batch without duplicates.
. "$(dirname "$0")/lib.shinc"
in="$WORK/batch"
mkdir -p "$in"
n=8000
# One awk process writes the batch (a shell loop would take longer than the ingest).
awk -v n=$n -v dir="$in" 'BEGIN {
    for (i = 0; i < n; i++) {
        f = dir "/r" i ".txt"
        printf "<!--%d-->\n[第 %d 篇報導](https://news.example.org/batch/%d)\n------\n\n", 1717142400000 + i, i, i > f
        printf "<div><i><br>2024-05-31T08:00:00.000Z</i></div><p>這是第 %d 篇測試報導的正文，內容各不相同：編號 %d。</p><p>第二段 %d。</p>\n", i, i, i > f
        close(f)
    }
}'

# The binary itself, not the shell function: $! must be the ingest process.
"$DOSSIER_BIN" ingest "$in" >/dev/null 2>&1 &
pid=$!
# Wait until some documents are in, then kill without warning.
tries=0
while [ $tries -lt 200 ]; do
    c=$(sqlite3 "file:$DOSSIER_DB?mode=ro" 'SELECT count(*) FROM docs' 2>/dev/null || echo 0)
    [ "${c:-0}" -gt 0 ] && break
    sleep 0.05
    tries=$((tries + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
partial=$(sqlite3 "$DOSSIER_DB" 'SELECT count(*) FROM docs')
echo "killed after $partial of $n documents"

check "killed part-way" sh -c "[ $partial -gt 0 ] && [ $partial -lt $n ]"
check "integrity after kill -9" dossier check
check "no half-written document" equals \
    "$(sqlite3 "$DOSSIER_DB" 'SELECT count(*) FROM docs WHERE id NOT IN (SELECT doc_id FROM paras)')" 0

dossier ingest "$in" >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 0 ] || head -3 "$WORK/err"
check "re-run succeeds" equals $rc 0
check "batch complete without duplicates" equals "$(doc_count)" $n
check "every URL once" equals "$(sqlite3 "$DOSSIER_DB" 'SELECT count(DISTINCT url) FROM docs')" $n
check "integrity after re-run" dossier check
finish
