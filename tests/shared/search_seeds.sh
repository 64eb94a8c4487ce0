#!/bin/sh
# Search across scripts and name forms on the five real seeds (label "shared").
seeds="${DOSSIER_SHARED:-}/seeds"
[ -d "$seeds" ] || { echo "skip: $seeds not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"

dossier ingest "$seeds" 2>/dev/null

# hits QUERY...: the seeds found, by number, e.g. "000 003 004".
hits() {
    dossier search --json --limit 50 "$@" >"$WORK/hits" || return 1
    for n in 000 001 002 003 004; do
        title=$(sed -n 's/^\[\(.*\)\](.*$/\1/p' "$seeds"/${n}_*.txt | head -1)
        [ -n "$title" ] || title=美中恢復軍事會談對東北亞安保情勢的影響
        grep -qF "\"title\":\"$title\"" "$WORK/hits" && printf '%s ' $n
    done
    echo
}

check "奥斯汀 (Simplified) finds the Traditional and Simplified reports" equals "$(hits 奥斯汀)" "000 003 004 "
check "奧斯汀 (Traditional) finds the same" equals "$(hits 奧斯汀)" "000 003 004 "
check "Lloyd Austin finds the same" equals "$(hits Lloyd Austin)" "000 003 004 "
check "沙利文 finds 蘇利文 too" equals "$(hits 沙利文)" "000 002 004 "
check "Jake Sullivan finds both transliterations" equals "$(hits '"Jake Sullivan"')" "000 002 004 "
check "王毅" equals "$(hits 王毅)" "000 001 002 "
check "Blinken finds the reports naming 布林肯" equals "$(hits Blinken)" "000 001 002 003 "
check "布林肯" equals "$(hits 布林肯)" "000 001 002 003 "
check "phrase across scripts" equals "$(hits '"香格里拉对话"')" "000 004 "
check "OR" equals "$(hits 拜習會 OR 东盟)" "001 002 003 004 "
check "NOT" equals "$(hits 奥斯汀 NOT 香格里拉)" "003 "
check "implicit AND" equals "$(hits 王毅 沙利文)" "000 002 "
check "--source" equals "$(hits 奥斯汀 --source RFI)" "003 "
check "--source by marker" equals "$(hits 奥斯汀 --source 德國之聲)" "000 "
check "--from/--to" equals "$(hits 王毅 --from 2023-06-01 --to 2023-12-31)" "002 "
check "one character" equals "$(hits 峇)" "002 "
# Issue 14, item 12: the commentary's author, named only in its byline.
check "a byline finds its report" equals "$(hits 李明峻)" "004 "

dossier search 奥斯汀 >"$WORK/text"
check "readable output names the outlet" contains "$WORK/text" "RFI · 2023-11-07"
check "snippet marks the match in the document's own script" contains "$WORK/text" "«奧斯汀»"
check "snippet in Simplified for RFI" contains "$WORK/text" "«奥斯汀»"
check "count line" contains "$WORK/text" "3 documents match"
finish
