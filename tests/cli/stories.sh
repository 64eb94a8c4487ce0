#!/bin/sh
# dossier stories on the bundled examples: the Traditional and Simplified
# editions of one report share a story, two outlets' reports of one meeting
# share a story, the same two officials' meetings months apart do not;
# the JSON shapes, show's story and siblings, search --collapse, --explain,
# an updated report re-judged, and bad arguments.  The Shangri-La speeches
# (feed items and pages) are stories of their own, apart from the meeting
# and the handshake the day before (issue 15, item 8); no story holds a
# member its judge sets apart from the representative.
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }
story_of() { dossier show --json "$1" | jsonl --get story; }

dossier stories >"$WORK/out" 2>"$WORK/err"
check "empty archive: exit 0" equals "$?" 0
check "empty archive: nothing listed" equals "$(wc -c <"$WORK/out")" 0

dossier ingest "$ex" 2>/dev/null
s15=$(story_of "$ex/15-sullivan-beijing-2024-hant.md")
s16=$(story_of "$ex/16-sullivan-beijing-2024-hans.md")
check "Traditional and Simplified editions: one story" equals "$s15" "$s16"
check "a story id is a number" sh -c "echo '$s15' | grep -qxE '[0-9]+'"
s12=$(story_of "$ex/12-austin-dongjun-shangri-la-2024-hant.txt")
s13=$(story_of "$ex/13-austin-dongjun-shangri-la-2024-hans.txt")
check "two outlets' reports of one meeting: one story" equals "$s12" "$s13"
s06=$(story_of "$ex/06-biden-xi-filoli-2023-hant.txt")
s07=$(story_of "$ex/07-biden-xi-filoli-2023-hans.txt")
check "two outlets' reports of Filoli: one story" equals "$s06" "$s07"
s01=$(story_of "$ex/01-sullivan-wangyi-vienna-2023-hant.txt")
s05=$(story_of "$ex/05-sullivan-wangyi-malta-2023-hant.md")
s10=$(story_of "$ex/10-sullivan-wangyi-bangkok-2024-hans.txt")
check "Sullivan and Wang Yi in Vienna and Malta: two stories" not_equals "$s01" "$s05"
check "Sullivan and Wang Yi in Malta and Bangkok: two stories" not_equals "$s05" "$s10"
s18=$(story_of "$ex/18-biden-xi-lima-2024-hans.txt")
check "Biden and Xi at Filoli and in Lima: two stories" not_equals "$s06" "$s18"
s11=$(story_of "$ex/11-austin-dongjun-video-call-2024-hant.txt")
check "Austin and Dong Jun's call and their meeting: two stories" not_equals "$s11" "$s12"
s14=$(story_of "$ex/14-samsung-austin-texas-2024-hant.txt")
check "Samsung in Austin, Texas is no defence story" not_equals "$s14" "$s12"

# Issue 15, item 8: the Shangri-La speeches of 2024 (feed items) and 2023.
item() { story_of "https://chenzhong.example.org/zh-hant/asia/$1"; }
austin_speech=$(item 2024/06/01/austin-speech)
dong_speech=$(item 2024/06/02/dong-jun-speech)
li_speech=$(item 2023/06/04/li-shangfu-speech)
check "Austin's and Dong Jun's speeches: two stories" not_equals "$austin_speech" "$dong_speech"
check "Dong Jun's speech, feed item and page: one story" equals "$dong_speech" \
    "$(story_of "$ex/pages/chenzhong-dongjun-shangri-la-speech-2024-hans.html")"
check "Austin's speech is not the meeting of the day before" not_equals "$austin_speech" "$s12"
check "Li Shangfu's speech, two outlets: one story" equals "$li_speech" \
    "$(story_of "$ex/pages/huaxun-li-shangfu-shangri-la-speech-2023-hant-big5.html")"
check "Li Shangfu's speech is not the dinner handshake of the day before" not_equals "$li_speech" \
    "$(story_of "$ex/pages/huaxun-austin-li-shangfu-handshake-2023-hant.html")"
# Grouping agrees with its own judge: no member of a story is set apart
# (other events, a preview, other counterparts) from its representative.
dossier stories --json | while read -r line; do
    rep=$(printf '%s\n' "$line" | jsonl --get representative)
    printf '%s\n' "$line" | jsonl --get docs | tr -d '[] ' | tr ',' '\n' | while read -r doc; do
        [ "$doc" = "$rep" ] || dossier stories --explain "$doc" "$rep" | head -1
    done
done >"$WORK/members"
check "every member checked against its representative" sh -c "[ -s '$WORK/members' ]"
for apart in "different events" "a preview and the event" "other counterparts"; do
    check "no member set apart from its story's representative ($apart)" lacks "$WORK/members" "$apart"
done

dossier stories --json >"$WORK/all" 2>"$WORK/err"
check "stories --json: exit 0" equals "$?" 0
check "stories --json: the contract's fields" jsonl --require story,docs,title <"$WORK/all"
check "stories --json: only stories of two or more by default" \
    sh -c "! '$DOSSIER_TOOLS/jsonl' --get size <'$WORK/all' | grep -qx 1"
check "stories --json: the editions' story is listed" \
    sh -c "'$DOSSIER_TOOLS/jsonl' --get story <'$WORK/all' | grep -qx '$s15'"
docs=$(dossier stories --all --json | jsonl --get docs | tr -d '[] ' | tr ',' '\n' | grep -c .)
total=$(dossier stats --json | jsonl --get documents)
check "stories --all: every document in exactly one story" equals "$docs" "$total"
title=$(dossier stories "$s15" --json | jsonl --get title)
t15=$(dossier show --json "$ex/15-sullivan-beijing-2024-hant.md" | jsonl --get title)
t16=$(dossier show --json "$ex/16-sullivan-beijing-2024-hans.md" | jsonl --get title)
check "a story's title is one of its reports' titles" sh -c "[ '$title' = '$t15' ] || [ '$title' = '$t16' ]"
dossier stories "$s12" >"$WORK/one"
check "stories ID: the members, with why each joined" contains "$WORK/one" "same event"

dossier show --json "$ex/16-sullivan-beijing-2024-hans.md" >"$WORK/show"
check "show --json: story and siblings" jsonl --require story,story_title,siblings <"$WORK/show"
sib=$(jsonl --get siblings.0.title <"$WORK/show")
check "show --json: the sibling is the other edition" equals "$sib" "蘇利文訪華會見習近平與張又俠 美中同意安排戰區指揮官通話"
dossier show "$ex/16-sullivan-beijing-2024-hans.md" >"$WORK/showtext"
check "show: the story's other reports" contains "$WORK/showtext" "other reports:"

full=$(dossier search 奧斯汀 董軍 --limit 100 --json | wc -l)
collapsed=$(dossier search 奧斯汀 董軍 --limit 100 --collapse --json | wc -l)
check "search --collapse: fewer hits than reports" sh -c "[ $collapsed -lt $full ]"
check "search --collapse: one hit per story" equals \
    "$(dossier search 奧斯汀 董軍 --limit 100 --collapse --json | jsonl --get story | sort | uniq -d | wc -l)" 0
dossier search 奧斯汀 董軍 --collapse >"$WORK/collapsed"
check "search --collapse: says how many more reports" contains "$WORK/collapsed" "more report"
check "search --collapse: counts stories" contains "$WORK/collapsed" "stories match"

dossier stories --explain "$ex/15-sullivan-beijing-2024-hant.md" "$ex/16-sullivan-beijing-2024-hans.md" >"$WORK/explain"
check "explain: the editions are near-duplicates" contains "$WORK/explain" "near-duplicate"
dossier stories --explain "$ex/01-sullivan-wangyi-vienna-2023-hant.txt" "$ex/10-sullivan-wangyi-bangkok-2024-hans.txt" >"$WORK/explain2"
check "explain: Vienna and Bangkok are two stories" contains "$WORK/explain2" "two stories"

# An updated report (same address, new text) is judged again.
mkdir -p "$WORK/upd"
sed 's/蘇利文訪華會見習近平與張又俠/三星獲美國晶片補助/' "$ex/15-sullivan-beijing-2024-hant.md" >"$WORK/upd/15.md"
dossier ingest "$WORK/upd/15.md" >/dev/null 2>&1
dossier check >/dev/null 2>&1
check "the archive checks out after an update" equals "$?" 0
dossier stories --all --json | jsonl --get docs | tr -d '[] ' | tr ',' '\n' | grep -c . >"$WORK/n"
check "after an update: every document still in one story" equals "$(cat "$WORK/n")" "$total"

dossier stories --rebuild 2>"$WORK/err"
check "rebuild: exit 0" equals "$?" 0
check "rebuild: the editions still share a story" equals \
    "$(story_of "$ex/12-austin-dongjun-shangri-la-2024-hant.txt")" "$(story_of "$ex/13-austin-dongjun-shangri-la-2024-hans.txt")"

dossier reindex >/dev/null 2>&1
check "reindex: exit 0" equals "$?" 0
check "reindex: stories judged again on the new entities" equals \
    "$(story_of "$ex/06-biden-xi-filoli-2023-hant.txt")" "$(story_of "$ex/07-biden-xi-filoli-2023-hans.txt")"
check "reindex: meetings months apart still apart" not_equals \
    "$(story_of "$ex/05-sullivan-wangyi-malta-2023-hant.md")" "$(story_of "$ex/10-sullivan-wangyi-bangkok-2024-hans.txt")"

dossier stories 999999 >/dev/null 2>"$WORK/err"
check "unknown story: exit 1" equals "$?" 1
check "unknown story: says so" contains "$WORK/err" "no story 999999"
dossier stories --explain 1 >/dev/null 2>"$WORK/err"
check "explain with one document: usage error" equals "$?" 2
dossier stories --min-size x >/dev/null 2>"$WORK/err"
check "bad --min-size: usage error" equals "$?" 2
finish
