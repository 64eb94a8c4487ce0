#!/bin/sh
# dossier eval --stories on our labelled set (tests/data/stories): story
# grouping keeps its measured quality (bench/RESULTS.md: P 1.000, R 1.000,
# none of 553 hard-negative pairs merged; the judge alone F1 0.989).
# Floors, not the exact numbers, so that a small rule change can move them
# a little; a regression cannot pass.  Also a malformed labelled file and a missing document.
. "$(dirname "$0")/lib.shinc"
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }

dossier eval --stories --json --base "$src" "$src/tests/data/stories/gold.tsv" >"$WORK/out" 2>"$WORK/report"
check "eval --stories: exit 0" equals "$?" 0
check "eval --stories: the report names the kinds" contains "$WORK/report" "other-script"
f1=$(jsonl --get f1 <"$WORK/out")
judge=$(jsonl --get judge_f1 <"$WORK/out")
recall=$(jsonl --get recall <"$WORK/out")
merged=$(jsonl --get hard_merged <"$WORK/out")
hard=$(jsonl --get hard_pairs <"$WORK/out")
check "pair F1 of the stories formed >= 0.97 ($f1)" awk -v v="$f1" 'BEGIN { exit !(v >= 0.97) }'
check "pair recall >= 0.97 ($recall)" awk -v v="$recall" 'BEGIN { exit !(v >= 0.97) }'
check "hard negatives: over 500 pairs scored ($hard)" awk -v v="$hard" 'BEGIN { exit !(v > 500) }'
check "hard negatives merged <= 8 ($merged; one report in the wrong story costs up to 8)" awk -v v="$merged" 'BEGIN { exit !(v <= 8) }'
check "the judge alone: pair F1 >= 0.97 ($judge)" awk -v v="$judge" 'BEGIN { exit !(v >= 0.97) }'
check "every document scored" equals "$(jsonl --get unscored <"$WORK/out")" 0

printf 'examples/01-sullivan-wangyi-vienna-2023-hant.txt\n' >"$WORK/bad.tsv"
dossier eval --stories --base "$src" "$WORK/bad.tsv" >/dev/null 2>"$WORK/err"
check "a line without a story: exit 1" equals "$?" 1
check "a line without a story: file and line named" contains "$WORK/err" "bad.tsv:1:"
printf 'examples/01-sullivan-wangyi-vienna-2023-hant.txt\ta\nno/such/file.txt\tb\n' >"$WORK/missing.tsv"
dossier eval --stories --base "$src" "$WORK/missing.tsv" >"$WORK/out2" 2>&1
check "a missing document: exit 1" equals "$?" 1
check "a missing document: named in the report" contains "$WORK/out2" "no/such/file.txt: not scored"
finish
