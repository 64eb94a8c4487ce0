#!/bin/sh
# dossier eval on the gold annotations of the real seeds
# (tests/data/gold/seeds, documents read in place from ../shared/seeds):
# the tables, and floors under the entity and date F1 measured when the
# gold was written, so a regression in extraction fails here (and events,
# under the F1 measured at the close of issue 5).
seeds="${DOSSIER_SHARED:-}/seeds"
[ -n "${DOSSIER_SHARED:-}" ] && [ -d "$seeds" ] || { echo "skip: $seeds not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"

overall_f1() {
    awk -v kind="$1:" '$1 == kind { on = 1 } on && $1 == "overall" { print $NF; exit }' "$2"
}
at_least() { awk -v v="$1" -v f="$2" 'BEGIN { exit !(v != "-" && v + 0 >= f + 0) }' || { echo "  $1 is under $2"; return 1; }; }

dossier eval --base "$DOSSIER_SHARED" "$src/tests/data/gold/seeds" >"$WORK/out" 2>"$WORK/err"
check "eval seeds: exit 0" equals "$?" 0
check "eval seeds: no gold problems" equals "$(cat "$WORK/err")" ""
check "eval seeds: five documents" contains "$WORK/out" "documents: 5"
check "eval seeds: event tables" contains "$WORK/out" "events (status required):"
check "entity F1 >= 0.88" at_least "$(overall_f1 entities "$WORK/out")" 0.88
event_f1() {
    awk '/^events \(status ignored\)/ { on = 1 } on && $1 == "overall" { print $NF; exit }' "$1"
}
check "event F1 (status ignored) >= 0.80" at_least "$(event_f1 "$WORK/out")" 0.80
check "date F1 >= 0.95" at_least "$(overall_f1 dates "$WORK/out")" 0.95
finish
