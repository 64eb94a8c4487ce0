#!/bin/sh
# A publication date is the document's own or unknown: an undated item is
# not dated by the file's modification time (it is shown as unknown and
# listed last), a day its address names or a dated line of its text may
# date it and says so, and a jekyll-wrapped record takes the item's own
# time over the front matter's (when the archive wrote it), as the same
# record without front matter does.  Every input is written here.
. "$(dirname "$0")/lib.shinc"

mkdir -p "$WORK/in"

# Three items without dates: one whose address names its day, one with a
# dated line closing its text, one with nothing; and a dated one.
cat >"$WORK/in/blog.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="0.92"><channel>
  <title>旧博客</title><link>http://blog.example.net/</link><description>x</description>
  <item><title>档案里的一篇</title>
    <link>http://blog.example.net/archives/2004_08_29_archive.html#1</link>
    <description>没有日期的一篇，地址里有日子。</description></item>
  <item><title>带日期行的一篇</title>
    <link>http://blog.example.net/p/posted-one</link>
    <description>&lt;p&gt;正文第一段，讲述会谈的经过。&lt;/p&gt;&lt;p&gt;发布时间：2005-03-06 10:30&lt;/p&gt;</description></item>
  <item><title>什么也没有的一篇</title>
    <link>http://blog.example.net/p/no-date</link>
    <description>没有日期，也没有日期行。</description></item>
  <item><title>有日期的一篇</title>
    <link>http://blog.example.net/p/dated</link>
    <pubDate>Tue, 07 Nov 2023 12:35:00 +0800</pubDate>
    <description>有自己的日期。</description></item>
</channel></rss>
EOF
# The file was saved today: that is when it was fetched, not published.
touch -d "2026-01-02 03:04:05 UTC" "$WORK/in/blog.xml"

dossier ingest "$WORK/in/blog.xml" >"$WORK/ingest.out" 2>&1
check "four items" contains "$WORK/ingest.out" "ingested 4"

dossier list >"$WORK/list"
check "no item dated by the file" lacks "$WORK/list" "2026-01-02"
check "the dated item first" equals "$(sed -n 1p "$WORK/list" | grep -c 有日期的一篇)" 1
check "the undated one last" equals "$(tail -n 1 "$WORK/list" | grep -c 什么也没有的一篇)" 1
check "shown as unknown in list" equals "$(tail -n 1 "$WORK/list" | grep -c ' unknown ')" 1

id_of() { dossier list --json | grep -F "\"title\":\"$1\"" | sed 's/^{"id":\([0-9]*\).*/\1/'; }

dossier show "$(id_of 什么也没有的一篇)" >"$WORK/none"
check "show: unknown" contains "$WORK/none" "published: unknown"
check "show: the fetch time kept as fetched" contains "$WORK/none" "fetched:   2026-01-02T03:04:05Z"
dossier show "$(id_of 什么也没有的一篇)" --json >"$WORK/none.json"
check "JSON: null" contains "$WORK/none.json" '"published":null,"published_from":null'
check "JSON: fetched" contains "$WORK/none.json" '"fetched":"2026-01-02T03:04:05Z"'

dossier show "$(id_of 档案里的一篇)" >"$WORK/url"
check "show: the day from the URL" contains "$WORK/url" "published: 2004-08-29 (from the URL)"
dossier show "$(id_of 档案里的一篇)" --json >"$WORK/url.json"
check "JSON: from the URL, a day" contains "$WORK/url.json" \
    '"published":"2004-08-29T00:00:00Z","published_from":"url","published_precision":"day"'

dossier show "$(id_of 带日期行的一篇)" >"$WORK/text"
check "show: from a dated line" contains "$WORK/text" "published: 2005-03-06T02:30:00Z (from a dated line of the text)"
dossier show "$(id_of 带日期行的一篇)" --json >"$WORK/text.json"
check "JSON: from the text" contains "$WORK/text.json" '"published_from":"text","published_precision":"time"'

dossier show "$(id_of 有日期的一篇)" --json >"$WORK/own.json"
check "JSON: the item's own date" contains "$WORK/own.json" \
    '"published":"2023-11-07T04:35:00Z","published_from":"source"'

dossier search 一篇 >"$WORK/search"
check "search: the feed's outlet" contains "$WORK/search" "blog.example.net"
check "search: says unknown" contains "$WORK/search" "date unknown"
check "search: says where a date came from" contains "$WORK/search" "2004-08-29 (from the URL)"
dossier search 一篇 --json >"$WORK/search.json"
check "search JSON: null date" contains "$WORK/search.json" '"published":null,"published_from":null'
check "search JSON: url" contains "$WORK/search.json" '"published":"2004-08-29T00:00:00Z","published_from":"url"'
check "a --from filter leaves the undated out" \
    equals "$(dossier search 一篇 --from 2000 --json | grep -c '"id"')" 3

# A jekyll-wrapped record: the front matter's date is when the archive
# wrote it; the item's own time (a <time> before the text, or the date
# line) wins, as in the same record without front matter.
front() {
    printf -- '---\nlayout: post\ntitle: "%s"\ndate: 2021-01-21T08:49:00.000Z\nauthor: 某报\n---\n' "$1"
}
body_time='<div><h1>拜登签署行政令</h1></div><div><time datetime="2021-01-21T07:30:00+08:00">33 分钟前</time></div><p>美国总统拜登在宣誓就职几个小时后，就签署了多项行政令。</p>'
body_line='<div><i>记者 王明<br>2021-01-20T23:10:00.000Z</i></div><p>美国总统拜登在宣誓就职后签署行政令，推翻前任的多项政策。</p>'
{ front "拜登签署行政令"; printf '<!--1611218940000-->\n[拜登签署行政令](https://news.example.org/a/1)\n------\n\n%s\n' "$body_time"; } >"$WORK/in/j1.md"
printf '<!--1611218940000-->\n[拜登签署行政令](https://news.example.org/b/1)\n------\n\n%s\n' "$body_time" >"$WORK/in/p1.txt"
{ front "拜登推翻前任政策"; printf '<!--1611218940000-->\n[拜登推翻前任政策](https://news.example.org/a/2)\n------\n\n%s\n' "$body_line"; } >"$WORK/in/j2.md"
{ front "只有前言日期"; printf '<!--1611218940000-->\n[只有前言日期](https://news.example.org/a/3)\n------\n\n<p>一篇没有自己时间的报道，只有前言里的日期。</p>\n'; } >"$WORK/in/j3.md"
dossier ingest "$WORK/in/j1.md" "$WORK/in/j2.md" "$WORK/in/j3.md" >/dev/null 2>&1
# (the record without front matter is the same text: its own archive)
DOSSIER_DB="$WORK/plain.db" dossier ingest "$WORK/in/p1.txt" >/dev/null 2>&1
pub() { dossier show "$WORK/in/$1" --json | sed 's/,"published_from".*//; s/.*"published"://'; }
check "jekyll: the <time>, not the front matter" equals "$(pub j1.md)" '"2021-01-20T23:30:00Z"'
check "the same record without front matter" \
    equals "$(DOSSIER_DB="$WORK/plain.db" pub p1.txt)" '"2021-01-20T23:30:00Z"'
check "jekyll: the date line, not the front matter" equals "$(pub j2.md)" '"2021-01-20T23:10:00Z"'
check "jekyll: the front matter when nothing else" equals "$(pub j3.md)" '"2021-01-21T08:49:00Z"'

finish
