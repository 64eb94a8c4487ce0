#!/bin/sh
# One big document (issue 14, item 5): a plain text of about 2 MB of
# Chinese news, generated here in our own words, is ingested whole and
# read right — every mention of the two ministers counted, every dated
# meeting an event, the last paragraph searchable — and so is a 2.3 MB
# page without a full stop.  Nothing is timed: the quadratic extraction
# took many minutes on such a text, now it is seconds.
. "$(dirname "$0")/lib.shinc"

paragraphs=9000

# The document: paragraph i dates a meeting on its own day (years from
# 1990, 28 days a month), with a spokesman named after his title.
awk -v n="$paragraphs" 'BEGIN {
    split("王 李 張 劉 陳 楊 黃 趙 吳 周", sur, " ")
    split("國 建 明 偉 華 志 文 海 平 軍", giv, " ")
    print "美中防長會晤紀錄彙編\n"
    for (i = 0; i < n; i++) {
        y = 1990 + int(i / 336); m = 1 + int(i / 28) % 12; d = 1 + i % 28
        printf "美國國防部長奧斯汀%d年%d月%d日在新加坡與中國國防部長董軍會晤，雙方就南海局勢交換意見。", y, m, d
        printf "外交部發言人%s%s%s指出，對話仍要繼續，兩軍溝通管道應當保持暢通。\n\n", sur[i % 10 + 1], giv[int(i / 10) % 10 + 1], giv[int(i / 100) % 10 + 1]
    }
    print "文末記下一個獨特的詞：鸚鵡螺號潛艇。"
}' >"$WORK/big.txt"
check "the document is megabytes" sh -c "[ $(wc -c <"$WORK/big.txt") -gt 2000000 ]"

dossier ingest "$WORK/big.txt" >"$WORK/out" 2>"$WORK/err"
check "ingest: exit 0" equals "$?" 0
check "ingest: one document" contains "$WORK/err" "ingested 1,"

# mentions NAME: the archive's mentions of the entity NAME names.
mentions() {
    dossier entities --json "$1" | sed -n 's/.*"aliases":\[[^]]*\],"mentions":\([0-9]*\).*/\1/p'
}
check "every mention of 奧斯汀" equals "$(mentions 奧斯汀)" "$paragraphs"
check "every mention of 董軍" equals "$(mentions 董軍)" "$paragraphs"
# (a generated name may be a real person the gazetteer knows, 張志軍: a
# person all the same)
check "the spokesmen: a thousand people, each his own, and the two ministers" \
    equals "$(dossier entities --type person --json | grep -c '"key":')" 1002

# stat NAME: a number of `dossier stats --json`.
stat() { dossier stats --json | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
check "every dated meeting an event" equals "$(stat events)" "$paragraphs"
check "every date read" equals "$(stat dates)" "$paragraphs"
check "the mentions: ministers, countries, city, sea, ministry and spokesman, each paragraph" \
    equals "$(stat mentions)" $((paragraphs * 8))
check "the ministry named alone, in every paragraph (外交部發言人)" \
    equals "$(mentions 外交部)" "$paragraphs"

dossier search --json 鸚鵡螺號 >"$WORK/found"
check "the last paragraph is searchable" contains "$WORK/found" '"id":1,'
check "the archive is sound" sh -c "'$DOSSIER_BIN' check >/dev/null 2>&1"

# A page of 2.3 MB with no full stop: one "sentence", read all the same.
awk 'BEGIN {
    print "無句號長文\n"
    for (i = 0; i < 30000; i++)
        printf "美國國防部長奧斯汀與中國國防部長董軍在新加坡會晤，"
    print ""
}' >"$WORK/nostop.txt"
dossier ingest "$WORK/nostop.txt" >"$WORK/out" 2>"$WORK/err"
check "no full stop: ingested" contains "$WORK/err" "ingested 1,"
check "no full stop: every mention" equals "$(mentions 奧斯汀)" $((paragraphs + 30000))
check "no full stop: a warning says what events could not read" \
    grep -q "^dossier: $WORK/nostop.txt: warning: .*sentence.* read in pieces" "$WORK/err"
# A feed item of 12 MB (libxml2 cuts a text node at 10 MB unless told
# otherwise): its whole text is stored, the last sentence included.
awk 'BEGIN {
    printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>長文</title>"
    printf "<link>https://long.example.org/</link><item><title>長篇紀錄</title><link>https://long.example.org/1</link>"
    printf "<description><![CDATA["
    for (i = 0; i < 170000; i++)
        printf "<p>第%d段：兩國防長在新加坡會晤，雙方同意保持溝通。</p>", i
    printf "<p>最後一段寫著獨特的詞：鸚鵡螺號。</p>]]></description></item></channel></rss>\n"
}' >"$WORK/long.xml"
check "the feed item is over 10 MB" sh -c "[ $(wc -c <"$WORK/long.xml") -gt 10500000 ]"
dossier ingest "$WORK/long.xml" >"$WORK/out" 2>"$WORK/err"
check "long item: ingested" contains "$WORK/err" "ingested 1,"
dossier show https://long.example.org/1 --json >"$WORK/long.json"
check "long item: its first paragraph" contains "$WORK/long.json" "第0段"
check "long item: its last paragraph" contains "$WORK/long.json" "鸚鵡螺號"
finish
