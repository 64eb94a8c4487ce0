#!/bin/sh
# The timeline lines issue 15 found wrong, on the material they came from
# (our examples, ../shared/seeds and ../shared/fixtures/real, read in place,
# in one archive as a user would build it): each is right now, or gone.
# A status that only an announcement, an agreement to meet later, a
# question or a negation gives is no occurrence; the date of an earlier
# event is not this one's; a country named as an official's home, or an
# institution's, is no party; a place one report names for another event
# does not move the line; a report dated by its publication does not join
# the same people's meeting of months before.
shared="${DOSSIER_SHARED:-}"
[ -n "$shared" ] && [ -d "$shared/seeds" ] && [ -d "$shared/fixtures/real" ] ||
    { echo "skip: $shared/seeds or fixtures not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }

dossier ingest "$ex" "$shared/seeds" "$shared/fixtures/real" >/dev/null 2>&1
dossier timeline --json >"$WORK/all" 2>/dev/null
check "the whole archive has a timeline" sh -c "[ \$(wc -l <'$WORK/all') -gt 100 ]"

# One row per line: date, type, status, actors, roles, place, then the
# sentences of its first ten sources.
jsonl --get date --get type --get status --get actors --get roles --get place \
    --get sources.0.sentence --get sources.1.sentence --get sources.2.sentence \
    --get sources.3.sentence --get sources.4.sentence --get sources.5.sentence \
    --get sources.6.sentence --get sources.7.sentence --get sources.8.sentence \
    --get sources.9.sentence <"$WORK/all" >"$WORK/rows"

# citing TEXT: the rows (first six fields) of lines citing a sentence with TEXT.
citing() {
    awk -F '\t' -v t="$1" '{ for (i = 7; i <= NF; i++) if (index($i, t)) { print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6; next } }' "$WORK/rows"
}
# none FILE: FILE is empty (a check that prints what it found otherwise).
none() { [ ! -s "$1" ] || { cat "$1" >&2; return 1; }; }

# events DOC TEXT: "type status" of each event DOC (an id, URL or path)
# reads from a sentence with TEXT.
events() {
    dossier show --json "$1" >"$WORK/doc" 2>/dev/null
    i=0
    while :; do
        row=$(jsonl --get "events.$i.type" --get "events.$i.status" --get "events.$i.sentence" <"$WORK/doc")
        case "$row" in null*) break ;; esac
        printf '%s\n' "$row" | awk -F '\t' -v t="$2" 'index($3, t) { print $1 " " $2 }'
        i=$((i + 1))
    done
}

# 1. Negation and modality.
citing "沒有進行實質交談" | awk -F '\t' '$2 == "talks"' >"$WORK/f"
check "a handshake without talks is no talks (華訊)" none "$WORK/f"
{ events "$ex/15-sullivan-beijing-2024-hant.md" "適當時候舉行"
  events "$ex/16-sullivan-beijing-2024-hans.md" "适当时候举行"; } >"$WORK/f"
check "a call agreed on for a later time is read (examples 15, 16)" contains "$WORK/f" "call "
check "... and not as held" lacks "$WORK/f" "call occurred"
{ citing "尚未準備好"; citing "尚未准备好"; } | awk -F '\t' '$3 == "occurred"' >"$WORK/f"
check "'not yet ready' resumes nothing (example 02)" none "$WORK/f"
citing "登場？" >"$WORK/f"
check "a question is no event (「拜習會」11月登場？)" none "$WORK/f"
for doc in $(dossier search --json 战区指挥官通话 --limit 50 | jsonl --get id); do
    events "$doc" "今年晚些时候恢复"
    events "$doc" "今年稍後恢復"
done >"$WORK/f"
check "a resumption agreed on for later this year is read (晨鐘新聞網)" contains "$WORK/f" "resume_dialogue "
check "... and not as done" lacks "$WORK/f" "resume_dialogue occurred"

# 2. The date of a reference is not this event's.
awk -F '\t' '$1 ~ /^2022-11/ && $4 ~ /董軍/' "$WORK/rows" >"$WORK/f"
check "no 2022-11 line with Dong Jun (首次正式會晤 since then)" none "$WORK/f"

# 3. Invented and reversed actors.
awk -F '\t' '$4 ~ /"臺灣"/ && $4 ~ /"中國"/ && $2 ~ /^(talks|meet|resume_dialogue)$/' "$WORK/rows" >"$WORK/f"
check "no talks between Taiwan and China invented" none "$WORK/f"
jsonl --get type --get actors --get roles <"$WORK/all" |
    awk -F '\t' '$1 == "refuse_meeting"' >"$WORK/refusals"
check "the refusals are on the timeline" sh -c "[ -s '$WORK/refusals' ]"
# the United States is never the refuser of a meeting China was asked for
awk -F '\t' '{ n = split(substr($2, 2, length($2) - 2), a, ","); split(substr($3, 2, length($3) - 2), r, ",")
               for (i = 1; i <= n; i++) if (a[i] == "\"美國\"" && r[i] == "\"refuser\"") print }' \
    "$WORK/refusals" >"$WORK/f"
check "Beijing refused: the United States is no refuser" none "$WORK/f"
jsonl --get type --get actors --get roles <"$WORK/all" |
    awk -F '\t' '$1 == "visit" && $2 ~ /"習近平"/ && $2 ~ /"中國"/ && $3 ~ /"host"/' >"$WORK/f"
awk -F '\t' '{ n = split(substr($2, 2, length($2) - 2), a, ","); split(substr($3, 2, length($3) - 2), r, ",")
               v = h = 0; for (i = 1; i <= n; i++) { if (a[i] == "\"習近平\"" && r[i] == "\"visitor\"") v = 1
                                                    if (a[i] == "\"中國\"" && r[i] == "\"host\"") h = 1 }
               if (v && h) print }' "$WORK/f" >"$WORK/g"
check "Xi Jinping does not visit China" none "$WORK/g"
citing "CQC" | awk -F '\t' '$4 ~ /澳洲|澳大利亚|CQC|中国质量认证中心/' >"$WORK/f"
check "a certification centre and a country are no parties to its director's meeting (acnnewswire)" none "$WORK/f"

# 4. Distinct events kept apart, places from their own clause.
awk -F '\t' '$1 == "2024-04-16" && $2 == "call" && $6 != "null"' "$WORK/rows" >"$WORK/f"
check "the 2024-04-16 video call is placed nowhere (not Singapore)" none "$WORK/f"
awk -F '\t' '$1 == "2024-04-26" && $4 ~ /布林肯/ && $4 ~ /王毅/ && $6 ~ /永珍|万象|萬象|寮國|老挝/' "$WORK/rows" >"$WORK/f"
check "Blinken and Wang Yi's Beijing meeting is not in Vientiane" none "$WORK/f"
citing "習近平會見了布林肯" | cut -f1 >"$WORK/f"
check "Xi and Blinken's 2024 meeting is its own line, not their 2023 one" equals "$(cut -c1-7 "$WORK/f")" 2024-04
citing "五角大楼已请求在雅加达会见中国国防部长" | cut -f1 >"$WORK/f"
check "the request to meet in Jakarta is the November one" equals "$(cut -c1-7 "$WORK/f")" 2023-11

# 5. Pronouns: 他與拜登幾週前通話 is not Blinken's call.
awk -F '\t' '$2 == "call" && $4 ~ /拜登/ && $4 ~ /布林肯/' "$WORK/rows" >"$WORK/f"
check "no call between Biden and Blinken" none "$WORK/f"

# 8. Stories: DW's and 东方简报's reports of one refusal are one story.
story_of() { dossier show --json "$1" 2>/dev/null | jsonl --get story; }
dw=$(dossier list --json --limit 1000 | grep '北京拒絕中美防長會晤' | jsonl --get id)
df=$(dossier list --json --limit 1000 | grep '北京婉拒美方在香格里拉' | jsonl --get id)
check "the refusal's two reports are found" sh -c "[ -n '$dw' ] && [ -n '$df' ]"
check "DW and 东方简报 on one refusal: one story" equals "$(story_of "$dw")" "$(story_of "$df")"
brandy=$(dossier list --json --limit 1000 | grep '白蘭地開徵反傾銷稅' | jsonl --get id)
barrot=$(dossier list --json --limit 1000 | grep '王毅與法外交部長會談' | jsonl --get id)
check "the brandy duties and the Wang Yi–Barrot talks are found" sh -c "[ -n '$brandy' ] && [ -n '$barrot' ]"
check "brandy duties are not the Wang Yi–Barrot talks' story" not_equals "$(story_of "$brandy")" "$(story_of "$barrot")"

finish
