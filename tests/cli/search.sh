#!/bin/sh
# Search on the bundled examples: scripts, name forms, the city that shares
# the general's name, filters, and bad queries.
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
dossier ingest "$ex" 2>/dev/null

# ids QUERY...: the example file numbers found, e.g. "06 07".
ids() {
    dossier search --json --limit 100 "$@" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p' >"$WORK/ids" || return 1
    for id in $(cat "$WORK/ids"); do
        dossier show "$id" --json | sed -n 's/.*"origin":"[^"]*\/\([0-9][0-9]\)-[^"]*".*/\1/p'
    done | sort | tr '\n' ' '
}

check "Lloyd Austin: not the Texas city" sh -c "! echo '$(ids Lloyd Austin)' | grep -q 14"
check "Lloyd Austin: the Shangri-La reports in both scripts" sh -c "echo '$(ids Lloyd Austin)' | grep -q '12 13'"
check "奧斯汀 alone: the city too" sh -c "echo '$(ids 奧斯汀)' | grep -q 14"
check "Austin, Texas: only the city" equals "$(ids '"Austin, Texas"')" "14 "
check "Latin-only names found from Chinese" sh -c "echo '$(ids 王毅)' | grep -q 17"
check "Traditional query finds Simplified edition" sh -c "echo '$(ids 蘇利文訪華)' | grep -q '15 16'"

for bad in '' '"unclosed' 'NOT 王毅' '王毅 OR' '(王毅' '王毅)' '***'; do
    dossier search "$bad" >"$WORK/out" 2>"$WORK/err"
    status=$?
    check "bad query '$bad' exits 2" equals "$status" 2
    check "bad query '$bad' says why" sh -c "grep -q '^dossier: search: ' '$WORK/err'"
    check "bad query '$bad' prints no SQLite text" lacks "$WORK/err" "fts5"
    check "bad query '$bad' prints nothing on stdout" equals "$(wc -c <"$WORK/out")" 0
done
head -c 102400 /dev/zero | tr '\0' 'a' >"$WORK/big"
dossier search "$(cat "$WORK/big")" 2>"$WORK/err"
check "100 KB query refused" contains "$WORK/err" "query too long: 102400 bytes"
dossier search "$(printf 'a\001b')" 2>"$WORK/err"
check "control byte refused" contains "$WORK/err" "control character 0x01"
dossier search 王毅 --from 2024-13-01 2>"$WORK/err"
check "bad date refused" contains "$WORK/err" "--from wants a date"
dossier search 王毅 --json >"$WORK/json"
check "JSON lines only" sh -c "! grep -v '^{.*}$' '$WORK/json'"
check "JSON has the contract's fields" contains "$WORK/json" '"id":'
check "JSON snippet marks matches" contains "$WORK/json" '«王毅»'
finish
