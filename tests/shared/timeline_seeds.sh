#!/bin/sh
# The timeline of the real seeds (../shared/seeds, read in place) holds the
# events issue 5 names, each once with every report of it: the suspension
# of military talks after Pelosi's visit (2022-08), China's refusal of the
# Austin–Li Shangfu meeting at the Shangri-La Dialogue (DW and the Taipei
# commentary on one line), Biden–Xi at Bali (2022-11-14), Austin's request
# to meet China's defence minister at the ADMM-Plus (2023-11, one line for
# RFI's several sentences), the Brown–Liu Zhenli video call (2023-12-21),
# the Defense Policy Coordination Talks (2024-01-08/09), and Blinken–Wang
# Yi and Xi–Blinken on 2024-04-26 as two lines.
seeds="${DOSSIER_SHARED:-}/seeds"
[ -n "${DOSSIER_SHARED:-}" ] && [ -d "$seeds" ] || { echo "skip: $seeds not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }
dossier ingest "$seeds" 2>/dev/null

# Lines of `timeline --json ARGS` as "date date_end status doc,doc,..." rows.
rows() {
    dossier timeline --json "$@" 2>/dev/null | jsonl --get date --get date_end --get status \
        --get sources.0.doc --get sources.1.doc --get sources.2.doc --get sources.3.doc |
        awk -F '\t' '{ docs = ""; for (i = 4; i <= NF; i++) if ($i != "null") docs = docs (docs ? "," : "") $i;
                       print $1, $2, $3, docs }'
}
count() { rows "$@" | wc -l | tr -d ' '; }
distinct_docs() { rows "$@" | awk '{ print $4 }' | tr ',' '\n' | sort -u | grep -c .; }

check "suspension of military talks, 2022-08: one line" equals "$(count --type suspend_dialogue --from 2022-08 --to 2022-08)" 1
check "... dated 2022-08" equals "$(rows --type suspend_dialogue --from 2022-08 --to 2022-08 | cut -d' ' -f1)" 2022-08
check "Pelosi's visit to Taiwan: one line, 2022-08" equals "$(rows --type visit --actor 裴洛西 | cut -d' ' -f1)" 2022-08

check "refusal of the Austin–Li Shangfu meeting, 2023: one line" \
    equals "$(count --type refuse_meeting --actor 李尚福 --from 2023-05 --to 2023-06)" 1
check "... its status is refused" \
    equals "$(rows --type refuse_meeting --actor 李尚福 --from 2023-05 --to 2023-06 | cut -d' ' -f3)" refused
check "... reported by DW and the Taipei commentary (two documents)" \
    equals "$(distinct_docs --type refuse_meeting --actor 李尚福 --from 2023-05 --to 2023-06)" 2

check "Biden–Xi at Bali: one line dated 2022-11-14" \
    equals "$(rows --type meet --actor 拜登 --actor 習近平 --from 2022-11 --to 2022-11 | cut -d' ' -f1)" 2022-11-14

check "Austin's request to meet at the ADMM-Plus, 2023-11: one line" \
    equals "$(count --type request_meeting --actor 奧斯汀 --from 2023-11 --to 2023-11)" 1
check "... planned" \
    equals "$(rows --type request_meeting --actor 奧斯汀 --from 2023-11 --to 2023-11 | cut -d' ' -f3)" planned

check "Brown–Liu Zhenli video call: one line dated 2023-12-21" \
    equals "$(rows --type call --actor 布朗 --actor 劉振立 | cut -d' ' -f1-2)" "2023-12-21 null"

check "Defense Policy Coordination Talks: one talks line, 2024-01-08 to 09" \
    equals "$(rows --type talks --from 2024-01 --to 2024-01 | cut -d' ' -f1-2)" "2024-01-08 2024-01-09"

dossier timeline --json --type meet --actor 布林肯 --from 2024-04-26 --to 2024-04-26 2>/dev/null >"$WORK/april"
check "Blinken on 2024-04-26: two meetings" equals "$(wc -l <"$WORK/april" | tr -d ' ')" 2
check "... one with Wang Yi" sh -c "grep '\"王毅\"' '$WORK/april' | grep -qv '\"習近平\"'"
check "... one with Xi Jinping" sh -c "grep '\"習近平\"' '$WORK/april' | grep -qv '\"王毅\"'"

check "Simplified and Latin names find the same lines" \
    equals "$(count --actor 奥斯汀)" "$(count --actor 'Lloyd Austin')"
finish
