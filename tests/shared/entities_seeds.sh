#!/bin/sh
# Entities in the real seeds (../shared/seeds, read in place): Lloyd Austin
# one person in both scripts and in Latin, Jake Sullivan's two
# transliterations one person, Chinese officials as persons, the
# Shangri-La Dialogue a forum, the Pentagon one organisation under its
# names, and 中國國防部長 a title (no organisation 中國國防部 in the seeds).
seeds="${DOSSIER_SHARED:-}/seeds"
[ -n "${DOSSIER_SHARED:-}" ] && [ -d "$seeds" ] || { echo "skip: $seeds not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
dossier ingest "$seeds" 2>/dev/null

keys() {
    dossier entities --json "$@" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p' | sort | tr '\n' ' '
}
one() { dossier entities --json "$1" >"$WORK/one" 2>/dev/null; }

check "奧斯汀, 奥斯汀, Lloyd Austin: one entity" sh -c "[ '$(keys 奧斯汀 --type person)' = 'lloyd-austin ' ] && [ '$(keys 奥斯汀 --type person)' = 'lloyd-austin ' ] && [ '$(keys 'Lloyd Austin')' = 'lloyd-austin ' ]"
one 奧斯汀
check "Austin: a person" contains "$WORK/one" '"type":"person"'
check "Austin: seen as 奧斯汀 (DW)" contains "$WORK/one" '"奧斯汀"'
check "Austin: seen as 奥斯汀 (RFI)" contains "$WORK/one" '"奥斯汀"'
check "Austin: seen as Lloyd Austin" contains "$WORK/one" '"Lloyd Austin"'
check "Austin: mentioned in three seeds" contains "$WORK/one" '"docs":3,'
one 蘇利文
check "蘇利文: Jake Sullivan" contains "$WORK/one" '"key":"jake-sullivan"'
check "蘇利文: seen as 沙利文 too" contains "$WORK/one" '"沙利文"'
check "蘇利文: and as Jake Sullivan" contains "$WORK/one" '"Jake Sullivan"'
for p in 李尚福 劉振立 王毅 布林肯; do
    one "$p"
    check "$p: a person" contains "$WORK/one" '"type":"person"'
done
one 香格里拉對話
check "香格里拉對話: a forum" contains "$WORK/one" '"type":"forum"'
check "香格里拉對話: with its English name" contains "$WORK/one" '"Shangri-La Dialogue"'
one 五角大廈
check "五角大廈: the US Department of Defense" contains "$WORK/one" '"key":"us-dod"'
check "美國國防部 under both names" sh -c "grep -q '\"美國國防部\"' '$WORK/one'"
dossier entities 中國國防部 >/dev/null 2>&1
check "中國國防部長 is a title, not an organisation" equals "$?" 1
finish
