#!/bin/sh
# dossier show: the events read from a document, as text and in --json.
# What the rules find moves as they improve: these checks hold to the
# shape and to one event no rule set may miss (Biden and Xi met at Filoli
# on 2023-11-15), not to the whole list.
. "$(dirname "$0")/lib.shinc"
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }

printf '今天天氣晴朗，氣溫二十度。\n\n明天可能下雨。\n' >"$WORK/weather.txt"
dossier ingest "$ex/06-biden-xi-filoli-2023-hant.txt" "$WORK/weather.txt" >/dev/null 2>&1
check "two documents" equals "$(doc_count)" 2

# Text: an Events section, numbered, each with its sentence under it.
dossier show 1 >"$WORK/text"
check "text: exits 0" equals "$?" 0
check "text: an Events section" contains "$WORK/text" "Events:"
sed -n '/^Events:$/,$p' "$WORK/text" >"$WORK/events"
check "text: the meeting with both leaders" sh -c "grep -E '^  \[[0-9]+\] meet \(occurred\) · 2023-11-15 · ' '$WORK/events' | grep '拜登' | grep -q '習近平'"
check "text: a sentence under each event" sh -c "[ \$(grep -c '^  \[' '$WORK/events') -eq \$(grep -c '^      ' '$WORK/events') ]"
check "text: the sentence is the document's" sh -c "grep '^      ' '$WORK/events' | head -1 | sed 's/^      //' | grep -qF -f - '$WORK/text'"
dossier show 2 >"$WORK/none"
check "text: no Events section without events" lacks "$WORK/none" "Events:"

# JSON: "events" with every field, the meeting among them.
dossier show 1 --json >"$WORK/json"
check "json: exits 0" equals "$?" 0
check "json: every event has every field" \
    jsonl --require events --require-each events type,status,date,date_end,actors,place,sentence,rule,confidence <"$WORK/json"
jsonl --get events <"$WORK/json" >"$WORK/list"
check "json: the meeting" contains "$WORK/list" '"type":"meet","status":"occurred","date":"2023-11-15"'
check "json: actors by name" sh -c "grep -q '\"actors\":\[[^]]*\"拜登\"' '$WORK/list' && grep -q '\"actors\":\[[^]]*\"習近平\"' '$WORK/list'"
check "json: confidence is a number in 0..1" sh -c "! grep -Eq '\"confidence\":(-|[1-9][0-9]*\.[0-9]*[1-9]|[2-9])' '$WORK/list'"
dossier show 2 --json >"$WORK/nonejson"
check "json: [] without events" contains "$WORK/nonejson" '"events":[]'
finish
