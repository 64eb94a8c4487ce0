#!/bin/sh
# Outlets and dates on the real documents (examples, seeds and fixtures,
# read in place; label "shared"): one outlet per publication whatever host
# a mirror served it from, never an outlet a report quotes; --source by
# any name or domain; undated feed items not dated by the file's time; the
# jekyll records' own times.
seeds="${DOSSIER_SHARED:-}/seeds"
real="${DOSSIER_SHARED:-}/fixtures/real"
[ -d "$seeds" ] && [ -d "$real" ] || { echo "skip: ${DOSSIER_SHARED:-../shared} not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
examples="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"

dossier ingest "$examples" "$seeds" "$real" >/dev/null 2>&1
dossier stats --json >"$WORK/stats.json"
dossier stats >"$WORK/stats"

# count NAME: documents labelled NAME.
count() { sed 's/.*"sources":{\([^}]*\)}.*/\1/' "$WORK/stats.json" | tr ',' '\n' |
          grep -F "\"$1\":" | sed 's/.*://'; }

# DW's RDF feed (dw.de, 85 items), three seeds and a feedx item (dw.com).
check "DW under one name" equals "$(count DW)" 89
check "no DW by host" lacks "$WORK/stats" "dw.de"
# The greatfire mirror served BBC from five CDN hosts: the channel names it.
check "BBC's feed is BBC's" equals "$(count BBC)" 68
check "no CDN host as an outlet" lacks "$WORK/stats" "cloudfront"
# China Digital Times quoting Xinhua is China Digital Times.
check "China Digital Times' 15 items" equals "$(count 中國數字時代)" 15
check "Xinhua only for Xinhua's page" equals "$(count 新華社)" 1
check "China Daily only for its page" equals "$(count 'China Daily')" 1
check "NYT's feed and item" equals "$(count NYT)" 23
check "the example outlets keep theirs" equals "$(count 晨鐘新聞網)" 12
n=$(sed 's/.*"sources":{\([^}]*\)}.*/\1/' "$WORK/stats.json" | tr ',' '\n' | grep -c :)
check "one outlet per publication: 26 names, not 37" equals "$n" 26

for name in DW dw.de dw.com 德國之聲 德国之声 "Deutsche Welle"; do
    n=$(dossier search 中国 --source "$name" | tail -n 1)
    check "search 中国 --source $name" equals "$n" "34 documents match"
done

# cnblog's items have no dates: the day their archive page names, never
# the file's modification time.
dossier list >"$WORK/list"
today=$(date -u +%Y-%m-%d)
check "nothing dated today" lacks "$WORK/list" "$today"
check "cnblog by its addresses: its 16 posts" equals "$(grep -c ' cnblog.org ' "$WORK/list")" 16
check "cnblog's days" contains "$WORK/list" "2004-08-29  cnblog.org"
dossier show "$(grep ' cnblog.org ' "$WORK/list" | head -n 1 | awk '{print $1}')" >"$WORK/cnblog"
check "shown with where the day came from" contains "$WORK/cnblog" "(from the URL)"
check "undated documents last" equals "$(tail -n 2 "$WORK/list" | grep -c ' unknown ')" 2

# The jekyll-wrapped BBC item: its own <time>, not the front matter's date.
dossier show "$real/rsshub-item-bbc-chinese-2021-jekyll.md" >"$WORK/bbc"
check "jekyll BBC: its own day" contains "$WORK/bbc" "published: 2021-01-21"
check "jekyll BBC: not the archive's time" lacks "$WORK/bbc" "published: 2021-01-21T08:49:00Z"
dossier show "$real/feedx-item-dw-2021-jekyll.md" >"$WORK/dw"
check "jekyll DW: its date line" contains "$WORK/dw" "published: 2021-01-08T11:55:21Z"

finish
