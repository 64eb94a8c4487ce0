#!/bin/sh
# dossier timeline on the bundled examples: JSON Lines in the contract's
# shape, the text chronology, and the filters (--actor in any form and
# twice, --type, --from/--to) — structure and filters, not which events
# the extractor finds (tests/unit/test_timeline.c holds the merge rules).
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }

dossier timeline >"$WORK/out" 2>"$WORK/err"
check "empty archive: exit 0" equals "$?" 0
check "empty archive: nothing on stdout" equals "$(wc -c <"$WORK/out")" 0
check "empty archive: 'no events' on stderr" contains "$WORK/err" "no events"

dossier ingest "$ex" 2>/dev/null
dossier timeline --json >"$WORK/all" 2>"$WORK/err"
check "timeline --json: exit 0" equals "$?" 0
check "timeline --json: some lines" sh -c "[ -s '$WORK/all' ]"
check "timeline --json: nothing on stderr" equals "$(wc -c <"$WORK/err")" 0
check "every line a JSON object with the contract's fields" \
    jsonl --require date,date_end,type,status,actors,place,summary,sources \
    --require-each sources doc,url,sentence <"$WORK/all"
jsonl --get type --get status --get date --get date_end <"$WORK/all" >"$WORK/fields"
check "types are the nine" sh -c "! cut -f1 '$WORK/fields' | grep -vxE 'meet|call|visit|talks|request_meeting|refuse_meeting|suspend_dialogue|resume_dialogue|agree'"
check "statuses are the five" sh -c "! cut -f2 '$WORK/fields' | grep -vxE 'occurred|planned|proposed|refused|cancelled'"
check "dates are YYYY-MM-DD, YYYY-MM, YYYY or null" sh -c "! cut -f3,4 '$WORK/fields' | tr '\t' '\n' | grep -vxE '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|null'"
check "every line has a source with a sentence" sh -c "! '$DOSSIER_TOOLS/jsonl' --get sources.0.sentence <'$WORK/all' | grep -qx null"
# in date order, undated last: the first day a line covers never goes back
jsonl --get date <"$WORK/all" | awk '
    $1 == "null" { undated = 1; next }
    undated { bad = 1 }
    { d = $1; if (length(d) == 4) d = d "-01"; if (length(d) == 7) d = d "-01"
      if (d < last) bad = 1; last = d }
    END { exit bad }'
check "lines in date order, undated last" equals "$?" 0

dossier timeline >"$WORK/text"
check "text: one heading per line of JSON" equals "$(grep -c '^[0-9u]' "$WORK/text")" "$(wc -l <"$WORK/all")"
check "text: a source under each heading" sh -c "[ \$(grep -c '^ ' '$WORK/text') -ge \$(wc -l <'$WORK/all') ]"

# --from/--to keep the lines whose days overlap the range, never undated ones
dossier timeline --json --from 2024-01 --to 2024-06 >"$WORK/range"
check "--from/--to: narrower" sh -c "[ \$(wc -l <'$WORK/range') -lt \$(wc -l <'$WORK/all') ]"
overlapping() {
    jsonl --get date --get date_end --get summary | awk -F'\t' -v from="$1" -v to="$2" '
        function lo(d) { return length(d) == 4 ? d "-01-01" : length(d) == 7 ? d "-01" : d }
        function hi(d) { return length(d) == 4 ? d "-12-31" : length(d) == 7 ? d "-31" : d }
        $1 != "null" && lo($1) <= to && hi($2 == "null" ? $1 : $2) >= from'
}
check "--from/--to: every line overlaps the range" equals \
    "$(overlapping 2024-01-01 2024-06-30 <"$WORK/range")" "$(jsonl --get date --get date_end --get summary <"$WORK/range")"
check "--from/--to: the lines of the whole timeline that overlap it" equals \
    "$(overlapping 2024-01-01 2024-06-30 <"$WORK/all")" "$(jsonl --get date --get date_end --get summary <"$WORK/range")"
dossier timeline --json --from 2024 >"$WORK/later"
dossier timeline --json --to 2023 >"$WORK/earlier"
check "--from and --to split the dated lines" sh -c \
    "[ \$(( \$(wc -l <'$WORK/later') + \$(wc -l <'$WORK/earlier') )) -le \$(grep -vc '\"date\":null' '$WORK/all') ]"
dossier timeline --from 2024-13 >"$WORK/out" 2>"$WORK/err"
check "bad --from exits 2" equals "$?" 2
check "bad --from says what to write" contains "$WORK/err" "YYYY-MM-DD, YYYY-MM or YYYY"

# --type
dossier timeline --json --type call >"$WORK/calls"
check "--type call: some" sh -c "[ -s '$WORK/calls' ]"
check "--type call: calls only" sh -c "! '$DOSSIER_TOOLS/jsonl' --get type <'$WORK/calls' | grep -vx call"
check "--type call: every call of the whole timeline" equals "$(wc -l <"$WORK/calls")" \
    "$(jsonl --get type <"$WORK/all" | grep -cx call)"
dossier timeline --type lunch >"$WORK/out" 2>"$WORK/err"
check "bad --type exits 2" equals "$?" 2
check "bad --type names the types" contains "$WORK/err" "dossier: timeline: --type must be one of meet, call"

# --actor: any form, either script; twice: lines with both
name=$(dossier entities --json 'Lloyd Austin' | jsonl --get name)
dossier timeline --json --actor 'Lloyd Austin' >"$WORK/austin"
check "--actor: some lines" sh -c "[ -s '$WORK/austin' ]"
check "--actor: each line names him" sh -c "! '$DOSSIER_TOOLS/jsonl' --get actors <'$WORK/austin' | grep -v '\"$name\"'"
check "--actor: either script, one answer" equals "$(dossier timeline --json --actor 董军)" \
    "$(dossier timeline --json --actor 董軍)"
check "--actor: a Latin name too" equals "$(dossier timeline --json --actor 'Dong Jun')" \
    "$(dossier timeline --json --actor 董軍)"
dossier timeline --json --actor 'Lloyd Austin' --actor 董軍 >"$WORK/both"
dong=$(dossier entities --json 董軍 | jsonl --get name)
check "two actors: some lines" sh -c "[ -s '$WORK/both' ]"
check "two actors: each line names both" sh -c \
    "! '$DOSSIER_TOOLS/jsonl' --get actors <'$WORK/both' | grep -v '\"$name\".*\"$dong\"\\|\"$dong\".*\"$name\"'"
check "two actors: fewer than one" sh -c "[ \$(wc -l <'$WORK/both') -le \$(wc -l <'$WORK/austin') ]"
dossier timeline --actor 無此人 >"$WORK/out" 2>"$WORK/err"
check "unknown actor exits 1" equals "$?" 1
check "unknown actor says so" contains "$WORK/err" "dossier: timeline: no entity called 無此人"
check "unknown actor: nothing on stdout" equals "$(wc -c <"$WORK/out")" 0

# Low confidence is a lead, not a fact: marked, and --confident leaves it out.
dossier timeline --json >"$WORK/all"
low=$(grep -c '"confident":false' "$WORK/all")
high=$(grep -c '"confident":true' "$WORK/all")
check "some lines are read with low confidence" sh -c "[ $low -gt 0 ]"
check "every line says whether it is confident" equals $((low + high)) "$(wc -l <"$WORK/all" | tr -d ' ')"
check "--confident keeps the confident ones only" equals \
    "$(dossier timeline --confident --json | wc -l | tr -d ' ')" "$high"
dossier timeline >"$WORK/text"
check "a low-confidence line's status has a ?" sh -c "grep -Eq '^[0-9*/-]+ +[a-z_]+ +(occurred|planned|proposed|refused|cancelled)\\? ' '$WORK/text'"
check "roles go with actors" sh -c "'$DOSSIER_TOOLS/jsonl' --get roles <'$WORK/all' | grep -q visitor"

dossier timeline 奧斯汀 >"$WORK/out" 2>"$WORK/err"
check "a bare name exits 2" equals "$?" 2
check "a bare name points to --actor" contains "$WORK/err" "--actor"
dossier timeline --help >"$WORK/out"
check "--help" contains "$WORK/out" "usage: dossier timeline"
finish
