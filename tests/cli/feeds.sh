#!/bin/sh
# Subscriptions: feeds add/list/set/remove, OPML import (nested folders,
# Chinese titles, a broken file, another encoding) and export, and an
# export imported into a fresh archive gives the same list.
. "$(dirname "$0")/lib.shinc"

# Nothing yet.
dossier feeds list >"$WORK/l0" 2>"$WORK/e0"
check "empty list succeeds" equals "$?" 0
check "empty list says so" contains "$WORK/e0" "no subscriptions"

dossier feeds add https://news.example.org/rss.xml --title "两岸新闻" 2>"$WORK/e1"
check "add says subscribed" contains "$WORK/e1" "subscribed to https://news.example.org/rss.xml"
dossier feeds add https://news.example.org/rss.xml 2>"$WORK/e2"
check "add twice says already" contains "$WORK/e2" "already subscribed"
dossier feeds add https://defence.example.net/atom --fulltext --interval 900 2>/dev/null
check "add with settings" equals "$?" 0
dossier feeds add ftp://files.example.net/x 2>"$WORK/e3"
check "non-HTTP URL refused with usage status" equals "$?" 2
check "refusal names the URL" contains "$WORK/e3" "ftp://files.example.net/x"

dossier feeds list >"$WORK/l1"
check "text list names title and address" contains "$WORK/l1" "两岸新闻  <https://news.example.org/rss.xml>"
check "text list says how it fares" contains "$WORK/l1" "    0 items · last success never · next due now"
dossier feeds list --json >"$WORK/j1"
check "JSON: one line per feed" equals "$(wc -l <"$WORK/j1" | tr -d ' ')" 2
check "JSON fields" contains "$WORK/j1" '{"url":"https://news.example.org/rss.xml","title":"两岸新闻","site":null,"items":0,'
check "JSON full text on" contains "$WORK/j1" '"interval":900,"fulltext":true'
check "JSON never fetched" contains "$WORK/j1" '"last_success":null'

dossier feeds set https://news.example.org/rss.xml --fulltext on 2>"$WORK/e4"
check "set full text" contains "$WORK/e4" "full text on"
dossier feeds list --json | grep -F '"url":"https://news.example.org/rss.xml"' >"$WORK/j2"
check "full text now on" contains "$WORK/j2" '"fulltext":true'
dossier feeds set https://news.example.org/rss.xml --fulltext maybe 2>/dev/null
check "bad on/off is a usage error" equals "$?" 2
dossier feeds set https://nowhere.example.org/ --fulltext off 2>"$WORK/e5"
check "set on an unknown feed fails" equals "$?" 1
check "and says not subscribed" contains "$WORK/e5" "not subscribed: https://nowhere.example.org/"

dossier feeds remove https://defence.example.net/atom 2>"$WORK/e6"
check "remove says items stay" contains "$WORK/e6" "stay in the archive"
dossier feeds remove https://defence.example.net/atom 2>/dev/null
check "removing twice fails" equals "$?" 1
dossier feeds frobnicate 2>/dev/null
check "unknown subcommand is a usage error" equals "$?" 2

# Import: folders inside folders, titles in both scripts, a duplicate, an
# outline that is only a link, and an escaped ampersand.
cat >"$WORK/subs.opml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>研究用订阅</title></head>
  <body>
    <outline text="防务">
      <outline text="美中">
        <outline type="rss" text="國防週刊" xmlUrl="https://weekly.example.com/feed?lang=zh&amp;v=2" htmlUrl="https://weekly.example.com/"/>
      </outline>
      <outline type="rss" text="两岸新闻（重复）" xmlUrl="https://news.example.org/rss.xml"/>
    </outline>
    <outline type="rss" title="海峡评论" text="海峡" xmlUrl="https://strait.example.org/atom.xml"/>
    <outline type="link" text="不是订阅" url="https://link.example.org/"/>
    <outline type="rss" text="國防週刊" xmlUrl="https://weekly.example.com/feed?lang=zh&amp;v=2"/>
  </body>
</opml>
EOF
dossier feeds import "$WORK/subs.opml" 2>"$WORK/e7"
check "import counts new and known" contains "$WORK/e7" "3 feeds: 2 new, 1 already subscribed"
dossier feeds import "$WORK/subs.opml" 2>"$WORK/e8"
check "import again adds nothing" contains "$WORK/e8" "3 feeds: 0 new, 3 already subscribed"
dossier feeds list >"$WORK/l2"
check "imported title kept" contains "$WORK/l2" "國防週刊  <https://weekly.example.com/feed?lang=zh&v=2>"
check "title attribute wins over text" contains "$WORK/l2" "海峡评论"
check "known feed keeps its own title" contains "$WORK/l2" "两岸新闻  <https://news.example.org/rss.xml>"

# A broken file still gives up what can be read; a non-OPML file is refused.
printf '<opml><body><outline text="壞 & 檔" xmlUrl="https://broken.example.org/rss"><outline text="x" xmlUrl="https://broken2.example.org/rss">' >"$WORK/broken.opml"
dossier feeds import "$WORK/broken.opml" 2>"$WORK/e9"
check "broken OPML recovered" contains "$WORK/e9" "2 feeds: 2 new"
printf '<rss version="2.0"><channel></channel></rss>' >"$WORK/not.opml"
dossier feeds import "$WORK/not.opml" 2>"$WORK/e10"
check "non-OPML import fails" equals "$?" 1
check "and says why" contains "$WORK/e10" "not OPML"
dossier feeds import "$WORK/missing.opml" 2>/dev/null
check "missing file fails" equals "$?" 1

# Another encoding, declared in the prolog.
printf '<?xml version="1.0" encoding="Big5"?>\n<opml version="1.0"><body><outline text="臺灣時報" xmlUrl="https://big5.example.tw/rss"/></body></opml>\n' |
    iconv -f UTF-8 -t BIG5 >"$WORK/big5.opml"
dossier feeds import "$WORK/big5.opml" 2>/dev/null
dossier feeds list >"$WORK/l3"
check "Big5 title read" contains "$WORK/l3" "臺灣時報  <https://big5.example.tw/rss>"

# Export, and round-trip into a fresh archive.
dossier feeds export >"$WORK/out.opml"
check "export is OPML 2.0" contains "$WORK/out.opml" '<opml version="2.0">'
check "export has a creation date" sh -c "grep -q '<dateCreated>[A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] [0-9:]* GMT</dateCreated>' '$WORK/out.opml'"
check "export escapes the ampersand" contains "$WORK/out.opml" 'xmlUrl="https://weekly.example.com/feed?lang=zh&amp;v=2"'
check "export keeps Chinese titles" contains "$WORK/out.opml" 'title="國防週刊"'
check "export is well-formed" sh -c "xmllint --noout '$WORK/out.opml' 2>/dev/null || ! command -v xmllint >/dev/null"
dossier feeds list --json | sed 's/"added":"[^"]*",//; s/"next_due":"[^"]*",//' | sed 's/"interval":[0-9]*,"fulltext":[a-z]*,//' | sort >"$WORK/before"
DOSSIER_DB="$WORK/fresh.db" dossier feeds import "$WORK/out.opml" 2>"$WORK/e11"
check "round trip imports all" contains "$WORK/e11" "6 feeds: 6 new, 0 already subscribed"
DOSSIER_DB="$WORK/fresh.db" dossier feeds list --json | sed 's/"added":"[^"]*",//; s/"next_due":"[^"]*",//' | sed 's/"interval":[0-9]*,"fulltext":[a-z]*,//' | sort >"$WORK/after"
check "round trip gives the same list" cmp -s "$WORK/before" "$WORK/after"

dossier feeds --help >"$WORK/help"
check "help names the subcommands" contains "$WORK/help" "feeds import FILE.opml"
"$DOSSIER_BIN" --help >"$WORK/mainhelp"
check "main help lists fetch" contains "$WORK/mainhelp" "fetch [URL...]"
check "main help lists feeds" contains "$WORK/mainhelp" "feeds SUBCOMMAND"
check "archive sound" dossier check
finish
