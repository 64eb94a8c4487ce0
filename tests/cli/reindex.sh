#!/bin/sh
# dossier reindex: an alias added to the data after ingest reaches the
# stored documents without ingesting them again; the documents and the
# search index stay; the result equals a fresh ingest; an empty archive
# and bad data files are handled.
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
data="${DOSSIER_DATA:?set DOSSIER_DATA to the data folder}"
files="$ex/01-sullivan-wangyi-vienna-2023-hant.txt $ex/06-biden-xi-filoli-2023-hant.txt $ex/07-biden-xi-filoli-2023-hans.txt"

# A copy of the data folder from which the White House is missing.
cp -R "$data" "$WORK/data"
grep -v '^white-house	' "$data/aliases.tsv" >"$WORK/data/aliases.tsv"
export DOSSIER_DATA="$WORK/data"

# shellcheck disable=SC2086
dossier ingest $files >/dev/null 2>"$WORK/err"
check "ingest: three documents" equals "$(doc_count)" 3
dossier entities 白宮 >/dev/null 2>&1
check "without its alias line 白宮 is no entity" equals "$?" 1

# The line comes back; reindex brings it to the stored documents.
cp "$data/aliases.tsv" "$WORK/data/aliases.tsv"
dossier search 白宮 --json >"$WORK/search-before"
check "search finds 白宮" sh -c "[ -s '$WORK/search-before' ]"
dossier reindex >"$WORK/out" 2>"$WORK/err"
check "reindex exits 0" equals "$?" 0
check "reindex: its summary line" sh -c "grep -Eq '^reindexed 3 documents: [1-9][0-9]* entities, [1-9][0-9]* mentions, [0-9]+ events\$' '$WORK/out'"
check "reindex: no progress line when stderr is no terminal" equals "$(cat "$WORK/err")" ""
dossier entities --json 白宮 >"$WORK/wh" 2>&1
check "after reindex 白宮 is found" equals "$?" 0
check "白宮: the White House" contains "$WORK/wh" '"key":"white-house"'
check "白宮: in both scripts" contains "$WORK/wh" '"白宫"'
check "reindex: document count unchanged" equals "$(doc_count)" 3
dossier search 白宮 --json >"$WORK/search-after"
check "reindex: search answers as before" cmp -s "$WORK/search-before" "$WORK/search-after"
dossier check >/dev/null 2>"$WORK/err"
check "reindex: check passes" equals "$?" 0

# Again with the same data: the same result.
dossier entities >"$WORK/entities-1"
dossier reindex >"$WORK/out2"
check "reindex twice: same summary" cmp -s "$WORK/out" "$WORK/out2"
dossier entities >"$WORK/entities-2"
check "reindex twice: same entities" cmp -s "$WORK/entities-1" "$WORK/entities-2"

# A fresh ingest with the full data finds what reindex found.
# shellcheck disable=SC2086
DOSSIER_DB="$WORK/fresh.db" dossier ingest $files >/dev/null 2>&1
DOSSIER_DB="$WORK/fresh.db" dossier entities >"$WORK/entities-fresh"
check "reindex equals a fresh ingest" cmp -s "$WORK/entities-1" "$WORK/entities-fresh"

# A broken data file: an error, and the archive as it was.
printf 'no tabs here\n' >>"$WORK/data/titles.tsv"
dossier reindex >"$WORK/out" 2>"$WORK/err"
check "bad data: exits 1" equals "$?" 1
check "bad data: says why" contains "$WORK/err" "dossier: reindex: "
check "bad data: names the file" contains "$WORK/err" "titles.tsv"
dossier entities >"$WORK/entities-3"
check "bad data: entities unchanged" cmp -s "$WORK/entities-1" "$WORK/entities-3"
cp "$data/titles.tsv" "$WORK/data/titles.tsv"

# An archive made before outlets were named by where a report was published
# (issue 14, item 9) and before undated items stayed undated (item 10):
# reindex names them as ingest does now.
cat >"$WORK/digest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>海外文摘</title><link>https://digest.example.org/</link>
<item><title>轉載：兩岸交流</title><link>https://digest.example.org/2021/03/05/exchange</link><guid>d-1</guid>
<description>新華社報導，兩岸學者在廈門舉行座談，雙方同意明年繼續交流。</description></item>
</channel></rss>
XML
DOSSIER_DB="$WORK/old.db" dossier ingest "$WORK/digest.xml" 2>/dev/null
# What the archive of an older Dossier held: the outlet read from the body,
# the fetch time for a date.
sqlite3 "$WORK/old.db" "UPDATE docs SET source = '新華社', published = 1700000000000, flags = (flags | 1) & ~(8 | 32 | 64)"
cp "$WORK/old.db" "$WORK/old2.db"
DOSSIER_DB="$WORK/old.db" dossier list >"$WORK/oldlist"
DOSSIER_DB="$WORK/old.db" dossier list --json >"$WORK/oldlist.json"
check "old labels: a fetch time is no date in list" contains "$WORK/oldlist" " unknown "
check "old labels: nor in list --json" contains "$WORK/oldlist.json" '"published":null,"published_from":null'
DOSSIER_DB="$WORK/old.db" dossier reindex >/dev/null 2>"$WORK/err"
check "old labels: reindex succeeds" equals "$?" 0
check "old labels: the body's outlet goes" equals \
    "$(sqlite3 "$WORK/old.db" 'SELECT source FROM docs')" "digest.example.org"
check "old labels: the fetch time is no date; the address's day is" equals \
    "$(sqlite3 "$WORK/old.db" "SELECT strftime('%Y-%m-%d', published / 1000, 'unixepoch') FROM docs")" "2021-03-05"

# Ingesting the same file again corrects them too (the text is unchanged).
DOSSIER_DB="$WORK/old2.db" dossier ingest "$WORK/digest.xml" 2>"$WORK/err"
check "old labels: re-ingest finds it unchanged" contains "$WORK/err" "unchanged 1,"
check "old labels: and names its outlet again" equals \
    "$(sqlite3 "$WORK/old2.db" 'SELECT source FROM docs')" "digest.example.org"
DOSSIER_DB="$WORK/old2.db" dossier list --json >"$WORK/newlist.json"
check "old labels: the address's day, said where from" contains "$WORK/newlist.json" '"published_from":"url"'

# An empty archive.
DOSSIER_DB="$WORK/empty.db" dossier reindex >"$WORK/out" 2>"$WORK/err"
check "empty archive: exits 0" equals "$?" 0
check "empty archive: nothing to do" equals "$(cat "$WORK/out")" "reindexed 0 documents: 0 entities, 0 mentions, 0 events"

# Usage.
dossier reindex extra >/dev/null 2>"$WORK/err"
check "an argument: exits 2" equals "$?" 2
check "an argument: says so" contains "$WORK/err" "dossier: reindex: takes no arguments"
dossier reindex --help >"$WORK/out"
check "--help: usage" contains "$WORK/out" "usage: dossier reindex"
finish
