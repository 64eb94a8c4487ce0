#!/bin/sh
# Hostile PDFs (issue 14, item 6), made here by tests/tools/pdfbomb: a
# 9 MB PDF whose one content stream inflates to 1 GiB of text-showing
# operators (poppler alone would spend many minutes and hundreds of MB on
# it), a report of 5,000 small pages, and a short good one, in one batch.
# The bomb must fail with a reason that names the limit its reader was
# stopped at, under 512 MB; the long one gives its first 2,000 pages; the
# good one is stored; the batch goes on.
. "$(dirname "$0")/lib.shinc"
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder of the test tools}"
in="$WORK/in"
mkdir -p "$in"
"$DOSSIER_TOOLS/pdfbomb" --bomb 1024 "$in/bomb.pdf"
"$DOSSIER_TOOLS/pdfbomb" --pages 5000 "$in/long.pdf"
"$DOSSIER_TOOLS/pdfbomb" --pages 3 "$in/short.pdf"
check "the bomb is small" test "$(wc -c <"$in/bomb.pdf")" -lt 16000000

dossier ingest "$in" >"$WORK/out" 2>"$WORK/err"
status=$?
cat "$WORK/err"
check "exit status 1" equals "$status" 1
check "the bomb fails as too costly" grep -q "^dossier: $in/bomb.pdf: PDF too costly to read: " "$WORK/err"
# The message names the limit the reader was stopped at (15 s of work,
# 45 s on the clock, or 512 MB) and the memory it had then.
check "stopped at a limit" grep -Eq "bomb.pdf: .*(after 15 s of work|not done in 45 s|over 512 MB of memory)" "$WORK/err"
mb=$(sed -n 's/.*bomb\.pdf: .* \([0-9][0-9]*\) MB of memory.*/\1/p' "$WORK/err")
echo "the bomb's reader had ${mb:-?} MB"
check "the bomb's reader stayed within 512 MB" test "${mb:-999}" -le 512
check "the other two stored" contains "$WORK/err" "ingested 2, updated 0, unchanged 0, duplicates 0, failed 1"
check "one failure line" equals "$(grep -c '^dossier: .*PDF too costly' "$WORK/err")" 1
check "the long one: a warning says what was left out" \
    grep -q "^dossier: $in/long.pdf: warning: .*5000 pages.*2000" "$WORK/err"
check "no other line on stderr" equals "$(grep -c '^dossier: ' "$WORK/err")" 2
check "nothing on stdout" equals "$(wc -c <"$WORK/out")" 0

dossier show "$in/long.pdf" --json >"$WORK/long.json"
check "long: its first page" contains "$WORK/long.json" "mark00001 "
check "long: page 2000" contains "$WORK/long.json" "mark02000 "
check "long: not page 2001" lacks "$WORK/long.json" "mark02001"
dossier show "$in/short.pdf" --json >"$WORK/short.json"
check "short: its last page" contains "$WORK/short.json" "mark00003 "
check "archive sound" dossier check
finish
