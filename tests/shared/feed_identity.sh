#!/bin/sh
# Feed items keep their identity in the real fixtures (issue 14, item 1):
# every item of every feed is a document of its own, ingesting them again
# changes nothing, and no item is reported "updated" by another item.
# The cnblog feed (RSS 0.92, no guids) links its 16 posts into three
# weekly archive pages by fragment: 16 documents, not 3.  Reads
# ../shared in place (label "shared").
fixtures="${DOSSIER_SHARED:-}/fixtures/real"
[ -d "$fixtures" ] || { echo "skip: $fixtures not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"

cnblog="$fixtures/cnblog-gb2312-rss092-2004.xml"
dossier ingest "$cnblog" 2>"$WORK/e1"
check "16 posts, 16 documents" contains "$WORK/e1" "ingested 16, updated 0, unchanged 0, duplicates 0, failed 0"
check "16 in the archive" equals "$(doc_count)" 16
check "each by its own address" equals \
    "$(sqlite3 "$DOSSIER_DB" "SELECT count(DISTINCT url) FROM docs WHERE url LIKE '%cnblog_archive.html#%'")" 16
dossier ingest "$cnblog" 2>"$WORK/e2"
check "again: nothing changes" contains "$WORK/e2" "ingested 0, updated 0, unchanged 16, duplicates 0, failed 0"
post=$(sqlite3 "$DOSSIER_DB" "SELECT url FROM docs ORDER BY id LIMIT 1 OFFSET 5")
dossier show "$post" --json >"$WORK/post"
check "show finds a post by its fragment address" contains "$WORK/post" "\"url\":\"$post\""

# Every feed fixture: as many documents as items kept, none 'updated'.
for f in "$fixtures"/*.xml "$fixtures"/*.rdf "$fixtures"/*.rss; do
    rm -f "$WORK/all.db" "$WORK/all.db-wal" "$WORK/all.db-shm"
    dossier --db "$WORK/all.db" ingest --json "$f" >"$WORK/items" 2>/dev/null
    kept=$(grep -c '"status":"ingested"\|"status":"duplicate"' "$WORK/items")
    check "$(basename "$f"): no item updated by another" sh -c "! grep -q '\"status\":\"updated\"' '$WORK/items'"
    check "$(basename "$f"): every item ingested is a document" equals \
        "$(sqlite3 "$WORK/all.db" 'SELECT count(*) FROM docs')" "$(grep -c '"status":"ingested"' "$WORK/items")"
    [ "$kept" -gt 0 ] || echo "note: $(basename "$f") kept no item"
done
finish
