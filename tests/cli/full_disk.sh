#!/bin/sh
# A disk that fills up during an ingest (issue 14, item 2): the summary
# counts only what was committed, every file whose documents were not
# stored is named as failed, the archive stays sound, and the next run's
# counts are true as well.  Anyone deleting sources on the strength of
# "ingested N" must not lose a document.
#
# Two ways to fill a disk: a file-size limit (ulimit -f: writes past it fail
# as on a full disk), which needs nothing, and a real 8 MiB tmpfs in a mount
# namespace of the test's own, when it may mount one (root).
. "$(dirname "$0")/lib.shinc"

# scenario DB HOW RUNNER [REASON]: ingests $in twice into DB (RUNNER runs
# dossier on the filling disk) and checks what each run said against what
# the archive holds.
scenario() {
    db=$1 how=$2 runner=$3 reason=${4:-}
    $runner --db "$db" ingest "$in" >/dev/null 2>"$WORK/run1.err"
    rc1=$?
    stored1=$(sqlite3 "file:$db?mode=ro" 'SELECT count(*) FROM docs')
    said1=$(sed -n 's/^ingested \([0-9]*\),.*/\1/p' "$WORK/run1.err")
    failed1=$(sed -n 's/.* failed \([0-9]*\)$/\1/p' "$WORK/run1.err")
    named1=$(grep -c "^dossier: $in/r[0-9]*\.txt: " "$WORK/run1.err")
    echo "$how, first run: said ingested $said1, failed $failed1; stored $stored1"
    check "$how: the disk did fill (some not stored)" sh -c "[ '$stored1' -lt 1400 ]"
    check "$how: and some were" sh -c "[ '$stored1' -gt 0 ]"
    check "$how: exit status 1" equals "$rc1" 1
    check "$how: 'ingested' counts only what was committed" equals "$said1" "$stored1"
    check "$how: every file not stored is named" sh -c "[ '$named1' -ge $((1400 - stored1)) ]"
    check "$how: the failed count covers them" sh -c "[ '$failed1' -ge $((1400 - stored1)) ]"
    [ -n "$reason" ] && check "$how: the reason is given" contains "$WORK/run1.err" "$reason"
    check "$how: no half-written document" equals \
        "$(sqlite3 "file:$db?mode=ro" 'SELECT count(*) FROM docs WHERE id NOT IN (SELECT doc_id FROM paras)')" 0

    $runner --db "$db" ingest "$in" >/dev/null 2>"$WORK/run2.err"
    stored2=$(sqlite3 "file:$db?mode=ro" 'SELECT count(*) FROM docs')
    said2=$(sed -n 's/^ingested \([0-9]*\),.*/\1/p' "$WORK/run2.err")
    unchanged2=$(sed -n 's/.* unchanged \([0-9]*\),.*/\1/p' "$WORK/run2.err")
    echo "$how, second run: said ingested $said2, unchanged $unchanged2; stored $stored2"
    check "$how: the next run's counts are true too" equals "$((stored1 + said2))" "$stored2"
    check "$how: what was stored is counted unchanged, never again as new" \
        sh -c "[ '$unchanged2' -le '$stored1' ]"
    check "$how: the archive is sound" "$DOSSIER_BIN" --db "$db" check
}

plain() { "$DOSSIER_BIN" "$@"; }

# Inside the mount namespace (see the end): the tmpfs scenario alone.
if [ "${FULL_DISK_TMPFS:-}" ]; then
    mount -t tmpfs -o size=8m tmpfs "$FULL_DISK_TMPFS" || exit 3
    in=$FULL_DISK_IN
    scenario "$FULL_DISK_TMPFS/full.db" "8 MiB tmpfs" plain "the disk is full"
    finish
    exit
fi

in="$WORK/in"
mkdir -p "$in"
# 1,400 reports of about 4 KB each, in our own words: 5.6 MB of text,
# which with its index does not fit in 8 MiB.
awk -v n=1400 -v dir="$in" 'BEGIN {
    srand(7)
    for (i = 0; i < n; i++) {
        f = sprintf("%s/r%04d.txt", dir, i)
        printf "<!--%d-->\n[第 %d 篇報導](https://disk.example.org/full/%d)\n------\n\n<div><i><br>2024-05-31T08:00:00.000Z</i></div>", 1717142400000 + i, i, i > f
        for (k = 0; k < 30; k++)
            printf "<p>第 %d 篇報導的第 %d 段，編號 %d，內容 %d 各不相同。</p>", i, k, i * 31 + k, int(rand() * 1000000) > f
        close(f)
    }
}'

# ---- a file-size limit: no privileges needed -------------------------------

# SIGXFSZ ignored (and so in dossier): a write past the limit fails with
# EFBIG instead of killing the process.  ulimit -f counts 512-byte blocks
# in dash, 1024-byte ones in bash: 6 or 12 MB, either way too small.
limited() { ( trap '' XFSZ; ulimit -f 12000; exec "$DOSSIER_BIN" "$@" ); }
scenario "$WORK/limited.db" "file-size limit" limited

# ---- a real full disk: an 8 MiB tmpfs ----------------------------------------

mkdir -p "$WORK/mnt"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
   unshare -m true 2>/dev/null; then
    FULL_DISK_TMPFS="$WORK/mnt" FULL_DISK_IN="$in" unshare -m sh "$0" >"$WORK/tmpfs.out" 2>&1
    rc=$?
    cat "$WORK/tmpfs.out"
    check "the tmpfs could be mounted" sh -c "[ $rc -ne 3 ]"
    check "the tmpfs scenario passed" sh -c "[ $rc -eq 0 ] && grep -q ' checks, 0 failed' '$WORK/tmpfs.out'"
else
    echo "note: no mount namespace here (not root?): the full tmpfs is not tried"
fi
finish
