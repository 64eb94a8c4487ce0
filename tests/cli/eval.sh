#!/bin/sh
# dossier eval on the bundled examples' gold annotations
# (tests/data/gold/examples): the tables, floors under the entity and date
# F1 measured when the gold was written (so a regression in extraction
# fails here; and under the event F1 measured at the close of issue 5), and bad gold files
# reported by file:line while the rest are scored.
. "$(dirname "$0")/lib.shinc"
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"
gold="$src/tests/data/gold/examples"

# overall_f1 KIND FILE: the overall F1 of the table KIND ("entities", "dates").
overall_f1() {
    awk -v kind="$1:" '$1 == kind { on = 1 } on && $1 == "overall" { print $NF; exit }' "$2"
}
# at_least VALUE FLOOR
at_least() { awk -v v="$1" -v f="$2" 'BEGIN { exit !(v != "-" && v + 0 >= f + 0) }' || { echo "  $1 is under $2"; return 1; }; }

dossier eval --base "$src" "$gold" >"$WORK/out" 2>"$WORK/err"
check "eval examples: exit 0" equals "$?" 0
check "eval examples: no gold problems" equals "$(cat "$WORK/err")" ""
check "eval: every gold file scored" contains "$WORK/out" "documents: 23"
for t in "entities:" "dates:" "events (status ignored):" "events (status required):"; do
    check "eval: table $t" contains "$WORK/out" "$t"
done
check "eval: columns" contains "$WORK/out" "tp    fp    fn       P      R     F1"
check "eval: per type rows" contains "$WORK/out" "  person "
check "eval: misses and false alarms listed" sh -c "grep -Eq '^(miss|false|wrong) ' '$WORK/out'"
check "entity F1 >= 0.90" at_least "$(overall_f1 entities "$WORK/out")" 0.90
event_f1() {
    awk '/^events \(status ignored\)/ { on = 1 } on && $1 == "overall" { print $NF; exit }' "$1"
}
check "event F1 (status ignored) >= 0.68" at_least "$(event_f1 "$WORK/out")" 0.68
check "date F1 >= 0.85" at_least "$(overall_f1 dates "$WORK/out")" 0.85

dossier eval --quiet --base "$src" "$gold" >"$WORK/quiet"
check "--quiet: tables only" sh -c "! grep -Eq '^(miss|false|wrong|type|status) ' '$WORK/quiet'"
check "--quiet: same numbers" equals "$(overall_f1 dates "$WORK/quiet")" "$(overall_f1 dates "$WORK/out")"

dossier eval --json --base "$src" "$gold" >"$WORK/json"
check "--json: one object" equals "$(wc -l <"$WORK/json" | tr -d ' ')" 1
check "--json: numbers" contains "$WORK/json" '"entities":{"gold":'
check "--json: events strict" contains "$WORK/json" '"events_strict":'
check "--json: matched events naming others counted" contains "$WORK/json" '"extra_actors":{"matched":'
check "text: matched events naming others" contains "$WORK/out" "matched events naming an actor the gold does not"
# the count is real: some of the examples' events name a home country beside its officials
extra=$(sed -n 's/.*"extra_actors":{"matched":\([0-9]*\),"naming_others":\([0-9]*\)}.*/\2 \1/p' "$WORK/json")
check "extra actors: a count below the matched events" sh -c "set -- $extra; [ \"\$1\" -lt \"\$2\" ] && [ \"\$2\" -gt 50 ]"

# a bad line and a missing document: each named, the good file still scored
mkdir "$WORK/gold"
cp "$gold/01-sullivan-wangyi-vienna-2023-hant.gold" "$WORK/gold/"
printf 'doc\texamples/02-blinken-meets-xi-beijing-2023-hant.txt\nentity\tperson\t布林肯\t布林肯\nevent\tmeet\tmaybe\t-\t布林肯\t-\t會晤\n' >"$WORK/gold/bad.gold"
printf 'doc\texamples/99-missing.txt\n' >"$WORK/gold/missing.gold"
printf 'not gold\n' >"$WORK/gold/notes.txt"
dossier eval --quiet --base "$src" "$WORK/gold" >"$WORK/out" 2>"$WORK/err"
check "bad gold: exit 1" equals "$?" 1
check "bad gold: file:line and why" contains "$WORK/err" "bad.gold:3: unknown status"
check "missing document: named" contains "$WORK/err" "examples/99-missing.txt"
check "the good gold file still scored" contains "$WORK/out" "documents: 1"
check "files not named .gold are skipped in a folder" lacks "$WORK/err" "notes.txt"

dossier eval --quiet --base "$src" "$WORK/gold/notes.txt" >/dev/null 2>"$WORK/err"
check "a file named outright is read as gold" contains "$WORK/err" "notes.txt:1: unknown line kind"
dossier eval >/dev/null 2>&1
check "no GOLD: usage" equals "$?" 2
dossier eval "$WORK/none" >/dev/null 2>"$WORK/err"
check "a missing GOLD path: exit 1" equals "$?" 1
dossier eval --help >"$WORK/help"
check "--help" contains "$WORK/help" "usage: dossier eval"
finish
