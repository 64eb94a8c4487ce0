#!/bin/sh
# Text from a hostile file cannot drive the terminal: control characters
# (C0, DEL, C1) and the escape sequences they open are stripped at ingest
# from every field; list, search and show escape whatever controls an
# archive made before still holds; and a file name with a newline or an
# escape sequence stays one line of plain text in every message.  Every
# input is written here.
. "$(dirname "$0")/lib.shinc"

ESC=$(printf '\033')
BEL=$(printf '\007')
CSI8=$(printf '\302\233')    # U+009B, the 8-bit CSI
# raw FILE: FILE holds no ESC, BEL or 8-bit CSI byte.
raw_free() { ! grep -q "$ESC\|$BEL\|$CSI8" "$1"; }

mkdir -p "$WORK/in"
printf '<!--1717200000000-->\n[Red %s[31mtitle%s[0m %s2J 標題%s]0;pwned%s](https://example.org/a/1)\n------\n\n<div><i>%s[5m記者 王明<br>2024-05-31T08:00:00.000Z</i></div><p>正文%s[2J第一段%s[H，講述會談。</p>\n' \
    "$ESC" "$ESC" "$CSI8" "$ESC" "$BEL" "$ESC" "$ESC" "$ESC" >"$WORK/in/rec.txt"
cat >"$WORK/in/feed.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>壞頻道${CSI8}2J</title><link>https://bad.example.org/</link>
<description>x</description>
<item><title>條目${CSI8}31m標題</title><link>https://bad.example.org/p/1</link>
<author>作者${CSI8}0m</author><category>分類${CSI8}1m</category>
<description>條目內文${CSI8}2J第二句。</description></item>
</channel></rss>
EOF

dossier ingest "$WORK/in" >"$WORK/ingest.out" 2>&1
check "both read" contains "$WORK/ingest.out" "ingested 2"
check "the sequences removed, said" contains "$WORK/ingest.out" "terminal control sequences removed"
dossier list >"$WORK/list"
check "list: no control byte" raw_free "$WORK/list"
check "list: the title without its codes" contains "$WORK/list" "Red title  標題"
dossier search 標題 >"$WORK/search"
check "search: found" contains "$WORK/search" "2 documents match"
check "search: no control byte" raw_free "$WORK/search"
for id in 1 2; do
    dossier show $id >"$WORK/show$id"
    check "show $id: no control byte" raw_free "$WORK/show$id"
done
# (the feed's item is 1, the record 2: files are read in name order)
check "show: the author without codes" contains "$WORK/show2" "author:    王明"
check "show: the body without codes" contains "$WORK/show2" "正文第一段，講述會談。"
check "show: the feed item's title" contains "$WORK/show1" "條目標題"
check "show: the feed item's text" contains "$WORK/show1" "條目內文第二句。"
check "show: the feed item's author" contains "$WORK/show1" "author:    作者"
dossier show 2 --json >"$WORK/json"
check "JSON: no control stored" lacks "$WORK/json" '\u001b'

# An archive made before kept controls: the output escapes them.  (The
# sqlite3 shell lacks the archive's tokenizer: the index triggers stand
# aside while the title is changed, so the index keeps the old words.)
sqlite3 "$DOSSIER_DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'docs'" >"$WORK/triggers.sql"
{
    sqlite3 "$DOSSIER_DB" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'docs'"
    echo "UPDATE docs SET title = 'Old ' || char(27) || '[2J title ' || char(155) || '31m 標題', source = 'src' || char(7) WHERE id = 2;"
    cat "$WORK/triggers.sql"
} | sqlite3 "$DOSSIER_DB"
dossier list >"$WORK/list2"
check "list escapes an old title" raw_free "$WORK/list2"
check "list shows the escape" contains "$WORK/list2" 'Old \x1b[2J title \u009b31m'
check "list escapes an old outlet" contains "$WORK/list2" 'src\x07'
dossier search 標題 >"$WORK/search2"
check "search escapes an old title" raw_free "$WORK/search2"
check "search shows the escape" contains "$WORK/search2" 'Old \x1b[2J'
dossier show 2 >"$WORK/show3"
check "show escapes an old title" raw_free "$WORK/show3"
check "show shows the escape" contains "$WORK/show3" 'Old \x1b[2J title \u009b31m'
dossier stats >"$WORK/stats"
check "stats escapes an old outlet" raw_free "$WORK/stats"

# The other listings escape what an older archive holds: a story's title
# (its report's), an entity's name and aliases, a feed's title and error.
make_record "$WORK/austin.txt" 1717200000000 https://example.org/a/austin "奧斯汀會見董軍" \
    "<p>美國國防部長奧斯汀在新加坡會見中國國防部長董軍。</p>"
dossier ingest "$WORK/austin.txt" 2>/dev/null
dossier stories --all >"$WORK/stories"
check "stories escapes an old title" raw_free "$WORK/stories"
check "stories shows the escape" contains "$WORK/stories" 'Old \x1b[2J'
sqlite3 "$DOSSIER_DB" "UPDATE entities SET name = name || char(27) || '[31m'"
sqlite3 "$DOSSIER_DB" "UPDATE entity_aliases SET alias = alias || char(155) WHERE entity_id = (SELECT min(id) FROM entities)"
dossier entities >"$WORK/entities"
check "entities escapes an old name" raw_free "$WORK/entities"
check "entities shows the escape" contains "$WORK/entities" '\x1b[31m'
name=$(sqlite3 "$DOSSIER_DB" "SELECT alias FROM entity_aliases WHERE entity_id = (SELECT min(id) FROM entities) LIMIT 1")
dossier entities "$(printf '%s' "$name" | tr -d '\302\233')" >"$WORK/entity" 2>&1
check "one entity escapes its aliases" raw_free "$WORK/entity"
dossier feeds add https://feeds.example.org/x.xml >/dev/null 2>&1
sqlite3 "$DOSSIER_DB" "UPDATE feeds SET title = 'Feed' || char(27) || ']0;pwned' || char(7), last_error = 'err' || char(27) || '[2J', failures = 1"
dossier feeds list >"$WORK/feeds"
check "feeds list escapes a title and an error" raw_free "$WORK/feeds"

# File names with a newline and an escape sequence: one escaped line each.
bad="$WORK/in2/bad
name${ESC}[2J.txt"
mkdir -p "$WORK/in2"
printf 'binary\001\002\003\004\005\006\001\002\003\004\005\006' >"$bad"
dossier ingest "$WORK/in2" 2>"$WORK/bad.err"
check "the bad file fails" contains "$WORK/bad.err" "failed 1"
check "one line of error" equals "$(grep -c 'bad' "$WORK/bad.err")" 1
check "the newline escaped" contains "$WORK/bad.err" 'bad\nname\x1b[2J.txt: binary file'
check "no raw escape" raw_free "$WORK/bad.err"
dossier ingest "$WORK/no
such${ESC}]0;x${BEL}" >/dev/null 2>"$WORK/missing.err"
check "a missing path: one line" equals "$(grep -c 'such' "$WORK/missing.err")" 1
check "a missing path: escaped" raw_free "$WORK/missing.err"
dossier show "$WORK/no
such${ESC}[2J" 2>"$WORK/show.err"
check "show of a missing path: one line" equals "$(grep -c 'such' "$WORK/show.err")" 1
check "show of a missing path: escaped" raw_free "$WORK/show.err"

finish
