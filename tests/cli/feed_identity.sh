#!/bin/sh
# Feed items keep their identity (issue 14, item 1): an item is found by
# its guid first, then by its link; a different item never replaces
# another, and "updated" means the same item changed.
. "$(dirname "$0")/lib.shinc"

# A weekly-archive blog (RSS 0.92: no guids): posts linked by fragment.
cat >"$WORK/blog.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="0.92"><channel><title>週記</title><link>http://blog.example.org/</link>
<item><title>週一</title><link>http://blog.example.org/2004_08_29.html#101</link><description>週一的筆記：讀書。</description></item>
<item><title>週二</title><link>http://blog.example.org/2004_08_29.html#102</link><description>週二的筆記：散步。</description></item>
<item><title>週三</title><link>http://blog.example.org/2004_08_29.html#103</link><description>週三的筆記：寫信。</description></item>
</channel></rss>
XML
dossier ingest "$WORK/blog.xml" 2>"$WORK/e1"
check "three posts, three documents" contains "$WORK/e1" "ingested 3, updated 0,"

# A notice board: every item links to the home page; guids tell them apart.
notices() {
    cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>公告欄</title><link>https://notices.example.org/</link>
<item><title>停水通知</title><link>https://notices.example.org/</link><guid isPermaLink="false">n-1</guid><description>本週四停水一天。</description></item>
<item><title>停電通知</title><link>https://notices.example.org/</link><guid isPermaLink="false">n-2</guid><description>本週五停電半天$1</description></item>
</channel></rss>
XML
}
notices "。" >"$WORK/notices.xml"
dossier ingest "$WORK/notices.xml" 2>"$WORK/e2"
check "two notices, two documents" contains "$WORK/e2" "ingested 2, updated 0,"
notices "，時間改為下午。" >"$WORK/notices.xml"
dossier ingest --json "$WORK/notices.xml" >"$WORK/j3" 2>"$WORK/e3"
check "the changed notice is updated, the other unchanged" contains "$WORK/e3" "ingested 0, updated 1, unchanged 1,"
check "the update is the notice that changed" sh -c "grep '\"status\":\"updated\"' '$WORK/j3' | grep -q '停電通知'"
check "five documents" equals "$(doc_count)" 5
dossier search 停水 >"$WORK/s"
check "the first notice kept its own text" contains "$WORK/s" "停水"
finish
