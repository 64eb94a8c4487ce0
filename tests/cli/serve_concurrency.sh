#!/bin/sh
# dossier serve under load while `dossier ingest` writes the same archive:
# - searches (both scripts, Latin aliases, phrases), documents, entities,
#   timeline, stories and stats from 8 connections all get 200 while a
#   loop of ingests adds documents, and every ingest succeeds;
# - afterwards the API counts the new documents (readers see new data);
# - 400 searches sent at the same moment all get 200;
# - the server is still alive, and SIGTERM stops it with exit 0.
# Nothing is timed: the load runs in rounds of a fixed count until the
# ingests are done (at most 200 rounds).
. "$(dirname "$0")/lib.shinc"
. "$(dirname "$0")/serve.shinc"
unset DOSSIER_TOKEN
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"
dossier ingest "$src/examples" 2>/dev/null
before=$(doc_count)

# The labelled stories' documents, new to the archive, in 8 batches.
i=0
for f in "$src"/tests/data/stories/docs/*.txt; do
    mkdir -p "$WORK/batch$((i % 8))"
    cp "$f" "$WORK/batch$((i % 8))/"
    i=$((i + 1))
done
added=$i

start_server || { echo "FAIL: server did not start"; exit 1; }
check "before: the API counts the examples" equals "$(api_doc_count)" "$before"

cat >"$WORK/urls" <<EOF
$base/api/search?q=奥斯汀
$base/api/search?q=奧斯汀
$base/api/search?q=Austin
$base/api/search?q=Lloyd Austin
$base/api/search?q=王毅 布林肯
$base/api/search?q="香格里拉對話"
$base/api/search?q=沙利文&collapse=1
$base/api/search?q=蘇利文&from=2024&to=2024-12-31
$base/api/search?q=拜登 OR 習近平&limit=50
$base/api/search?q=耶伦&literal=1
$base/api/doc/1
$base/api/entities?q=Austin
$base/api/entities?type=person&limit=10
$base/api/timeline?actor=王毅
$base/api/stories?min_size=2
$base/api/stats
EOF

# The writer: one ingest per batch, each one's exit status kept.
(
    for b in 0 1 2 3 4 5 6 7; do
        "$DOSSIER_BIN" ingest "$WORK/batch$b" >/dev/null 2>>"$WORK/ingest.err"
        echo $? >>"$WORK/ingest.status"
    done
    touch "$WORK/ingest.done"
) &
helper_pids=$!

rounds=0 load_failures=0
while [ $rounds -lt 200 ]; do
    rounds=$((rounds + 1))
    "$LOADGEN" --connections 8 --requests 400 --urls-file "$WORK/urls" >>"$WORK/load" 2>>"$WORK/load.err" ||
        load_failures=$((load_failures + 1))
    [ -e "$WORK/ingest.done" ] && break
done
wait $helper_pids
helper_pids=
echo "load rounds while ingesting: $rounds"
tail -1 "$WORK/load"
check "every request during the ingests got 200" equals "$load_failures" 0
check "no failure described" sh -c "! [ -s '$WORK/load.err' ] || { head -5 '$WORK/load.err'; false; }"
check "every round ran to its count" equals "$(grep -c '^requests 400 errors 0 non2xx 0 unexpected 0 ' "$WORK/load")" "$rounds"
check "every ingest succeeded" equals "$(sort -u "$WORK/ingest.status" | tr '\n' ' ')" "0 "
check "eight ingests" equals "$(wc -l <"$WORK/ingest.status" | tr -d ' ')" 8
check "the archive grew" equals "$(doc_count)" $((before + added))
check "the API sees the new documents" equals "$(api_doc_count)" $((before + added))
get "/api/search?q=%E5%8F%8D%E6%81%90&limit=1"
check "a search after the ingests answers" equals "$(status)" 200

# 400 searches at once.
"$LOADGEN" --burst 400 --timeout 120 "$base/api/search?q=奥斯汀" >"$WORK/burst" 2>"$WORK/burst.err"
rc=$?
cat "$WORK/burst"
check "burst of 400: exit 0" equals "$rc" 0
check "burst of 400: all 200" contains "$WORK/burst" "requests 400 errors 0 non2xx 0 unexpected 0 "
check "burst of 400: nothing else" contains "$WORK/burst" "statuses 200:400"

check "server alive after the burst" kill -0 "$server_pid"
get /api/stats
check "stats after the burst" equals "$(status)" 200
stop_server
check "SIGTERM: exit 0" equals "$stopped_status" 0
check "no sanitizer report" lacks "$WORK/serve.err" "ERROR: AddressSanitizer"
check "no undefined behaviour" lacks "$WORK/serve.err" "runtime error:"
finish
