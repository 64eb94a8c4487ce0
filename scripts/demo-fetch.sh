#!/bin/sh
# `make run`'s fetch demonstration: serves the example feeds from a local
# test server (127.0.0.1, tests/tools/testhttpd), subscribes to them with
# `dossier fetch`, fetches again (a conditional GET: nothing transferred),
# and shows the subscriptions.  Usage: demo-fetch.sh DOSSIER TOOLS_DIR DB
set -eu
dossier=$1 tools=$2 db=$3
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
"$tools/testhttpd" --root "$here/examples/feeds" --port-file "$work/port" --log "$work/log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
i=0
while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
base="http://127.0.0.1:$(cat "$work/port")/files"

echo "== dossier fetch (the example feeds, served on 127.0.0.1; their items are already in the archive from the files above, so they are recognised, not duplicated)"
echo "   $base/21-dongfang-defence-rss2-hans.xml $base/22-chenzhong-shangri-la-atom-hant.xml"
"$dossier" --db "$db" fetch "$base/21-dongfang-defence-rss2-hans.xml" \
    "$base/22-chenzhong-shangri-la-atom-hant.xml"
echo; echo "== dossier fetch --all   (again: the server answers 304, no body)"
"$dossier" --db "$db" fetch --all
echo "   server log:"
sed 's/^/   /' "$work/log"
echo; echo "== dossier feeds list"
"$dossier" --db "$db" feeds list
