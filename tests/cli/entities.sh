#!/bin/sh
# dossier entities on the bundled examples: one person whatever the script
# or language, the city that shares the general's name kept apart, names
# merged by a shared Latin name, countries' organs and forums, bad input.
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
dossier ingest "$ex" 2>/dev/null

# key NAME [OPTIONS]: the keys of the entities NAME names, space-separated.
keys() {
    dossier entities --json "$@" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p' | sort | tr '\n' ' '
}

dossier entities --json "奧斯汀" >"$WORK/austin" 2>"$WORK/err"
check "奧斯汀: found" equals "$?" 0
check "奧斯汀: the general" contains "$WORK/austin" '"key":"lloyd-austin"'
check "奧斯汀: a person" contains "$WORK/austin" '"type":"person"'
check "奧斯汀: Simplified alias" contains "$WORK/austin" '"奥斯汀"'
check "奧斯汀: Latin alias" contains "$WORK/austin" '"Lloyd Austin"'
check "奧斯汀: mentions in documents" contains "$WORK/austin" '"documents":[{"id":'
check "奥斯汀 and Lloyd Austin: the same person" equals "$(keys 奥斯汀 --type person)" "$(keys 'Lloyd Austin')"
check "Austin, Texas: its own place" equals "$(keys 德州奧斯汀)" "austin-texas "
check "Austin: both, told apart" equals "$(keys Austin)" "austin-texas lloyd-austin "
check "--type person: only the general" equals "$(keys Austin --type person)" "lloyd-austin "
check "蘇利文 and 沙利文: one person" equals "$(keys 沙利文)" "jake-sullivan "
dossier entities 蘇利文 >"$WORK/sullivan"
check "蘇利文: aliases in both scripts and Latin" sh -c "grep -q '沙利文' '$WORK/sullivan' && grep -q '苏利文' '$WORK/sullivan' && grep -q 'Jake Sullivan' '$WORK/sullivan'"
check "董军: Dong Jun" equals "$(keys 董军)" "$(keys 'Dong Jun')"
dossier entities --json 中國國防部 >"$WORK/one"
check "中國國防部: an organisation" contains "$WORK/one" '"type":"org"'
dossier entities --json 香格里拉对话 >"$WORK/one"
check "香格里拉对话: the forum" contains "$WORK/one" '"type":"forum","key":"shangri-la-dialogue"'
check "香格里拉对话: with its English name" contains "$WORK/one" '"Shangri-La Dialogue"'
dossier entities 蘇利文訪華 >"$WORK/out" 2>&1
check "a name plus more words is no name" contains "$WORK/out" "no entity named"

dossier entities --json >"$WORK/all"
check "list: one JSON object per line" sh -c "! grep -qv '^{\"id\":' '$WORK/all'"
check "list: most mentioned first" sh -c "sed -n 's/.*\"mentions\":\([0-9]*\),.*/\1/p' '$WORK/all' | sort -c -rn"
dossier entities --type forum --json >"$WORK/forums"
check "list --type forum: some" sh -c "[ -s '$WORK/forums' ]"
check "list --type forum: forums only" sh -c "! grep -v '\"type\":\"forum\"' '$WORK/forums'"
dossier entities >"$WORK/text"
check "list text: a line per entity" equals "$(wc -l <"$WORK/text")" "$(wc -l <"$WORK/all")"

dossier entities 無此人 >"$WORK/out" 2>"$WORK/err"
check "unknown name exits 1" equals "$?" 1
check "unknown name says so" contains "$WORK/err" "dossier: entities: no entity named"
dossier entities --type city >"$WORK/out" 2>"$WORK/err"
check "bad --type exits 2" equals "$?" 2
dossier entities a b >"$WORK/out" 2>"$WORK/err"
check "two names exit 2" equals "$?" 2
finish
