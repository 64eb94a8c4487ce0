#!/bin/sh
# One outlet per publication, named by where it was published — the
# address, the feed's channel, the document's own metadata — never by
# outlets its text quotes; and --source finds an outlet by any of its
# names or domains, also where an older archive labelled it otherwise.
# Every input is written here.
. "$(dirname "$0")/lib.shinc"

mkdir -p "$WORK/in"

# BBC's feed as a mirror serves it: every item on another CDN host, the
# channel naming BBC only in its title; the items quote Xinhua and China
# Daily in their opening lines.
cat >"$WORK/in/bbc.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hans">
  <title>bbcchinese.com | 新闻主页</title>
  <link rel="alternate" href="https://d3abcdef.cloudfront.net/zhongwen/simp/"/>
  <id>tag:mirror,2015:bbc</id>
  <updated>2015-03-16T08:00:00Z</updated>
  <entry><title>新华社称两岸会谈将于下月举行</title>
    <link rel="alternate" href="https://d1aaaaaa.cloudfront.net/zhongwen/simp/china/2015/03/150316_a"/>
    <id>tag:bbc,2015:a</id><published>2015-03-16T06:00:00Z</published>
    <summary>新华社北京3月16日电 中国两岸事务负责人将于下月会谈。</summary></entry>
  <entry><title>中国日报评论美国对华政策</title>
    <link rel="alternate" href="https://d2bbbbbb.cloudfront.net/zhongwen/simp/china/2015/03/150316_b"/>
    <id>tag:bbc,2015:b</id><published>2015-03-16T07:00:00Z</published>
    <summary>中国日报周一发表评论，批评美国的对华政策。</summary></entry>
  <entry><title>德国之声报道欧洲议会辩论</title>
    <link rel="alternate" href="https://d3cccccc.cloudfront.net/zhongwen/simp/world/2015/03/150316_c"/>
    <id>tag:bbc,2015:c</id><published>2015-03-16T07:30:00Z</published>
    <summary>据德国之声报道，欧洲议会周一辩论中国人权。</summary></entry>
</feed>
EOF

# An outlet the table does not know, whose items link to several hosts:
# one label, the channel's host.
cat >"$WORK/in/watch.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>观察者周报</title><link>https://www.watch-weekly.example.net/</link>
  <description>x</description>
  <item><title>人民日报头版谈经济</title><link>https://a.example.com/p/1</link>
    <pubDate>Mon, 16 Mar 2015 08:00:00 +0800</pubDate><description>人民日报今日头版文章称中国经济稳定。</description></item>
  <item><title>联合早报：新加坡选举</title><link>https://b.example.org/p/2</link>
    <pubDate>Mon, 16 Mar 2015 09:00:00 +0800</pubDate><description>联合早报报道新加坡选举与中国关系。</description></item>
</channel></rss>
EOF

# DW's RDF feed on its old domain, a record on its new one, and a page
# saved without its address whose <title> names the site.
cat >"$WORK/in/dw.rdf" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://partner.dw.de/syndication/feeds/rss-chi-all.rdf">
    <title>Deutsche Welle: DW-WORLD.DE</title><link>http://www.dw.de/chinese/</link>
    <description>x</description></channel>
  <item rdf:about="http://www.dw.de/a-1"><title>中国人大会议闭幕</title>
    <link>http://www.dw.de/a-1</link><dc:date>2015-03-15T08:00:00Z</dc:date>
    <description>新华社报道，中国人大会议周日闭幕。</description></item>
  <item rdf:about="http://www.dw.de/a-2"><title>中国经济增速放缓</title>
    <link>http://www.dw.de/a-2</link><dc:date>2015-03-16T08:00:00Z</dc:date>
    <description>中国经济增速放缓，中国日报称转型顺利。</description></item>
</rdf:RDF>
EOF
make_record "$WORK/in/dw-record.txt" 1717200000000 "https://www.dw.com/zh/a-3" "中国与欧盟会谈" \
    "<p>（新华社北京电）中国与欧盟周五举行会谈。</p>"
cat >"$WORK/in/page.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>中国代表团访问柏林 - 德国之声中文网</title>
<meta name="pubdate" content="2024-05-31 08:00"></head>
<body><article><h1>中国代表团访问柏林</h1>
<p>（新华社柏林电）中国代表团周五抵达柏林，开始为期三天的访问。代表团将与德国官员会谈，讨论贸易与气候合作。</p>
<p>据中国日报报道，双方将签署多项合作协议，涉及汽车、化工与新能源等领域，并安排企业界人士座谈交流。</p>
</article></body></html>
EOF

dossier ingest "$WORK/in" >"$WORK/ingest.out" 2>&1
check "all read" contains "$WORK/ingest.out" "ingested 9, updated 0, unchanged 0, duplicates 0, failed 0"
dossier stats >"$WORK/stats"
check "BBC's mirrored items are BBC's" contains "$WORK/stats" "BBC 3"
check "DW by every domain, one name" contains "$WORK/stats" "DW 4"
check "an unknown outlet: its feed's host" contains "$WORK/stats" "watch-weekly.example.net 2"
check "no CDN host as an outlet" lacks "$WORK/stats" "cloudfront"
check "no item's own host" lacks "$WORK/stats" "a.example.com"
check "quoted Xinhua is nobody's outlet" lacks "$WORK/stats" "新華社"
check "quoted China Daily neither" lacks "$WORK/stats" "China Daily"
check "quoted 人民日報 neither" lacks "$WORK/stats" "人民日報"

# --source: any name or domain of the outlet finds all of its documents.
for name in DW dw dw.de dw.com www.dw.com https://www.dw.com/zh 德國之聲 德国之声 "Deutsche Welle"; do
    n=$(dossier search 中国 --source "$name" --json | grep -c '"id"')
    check "--source $name finds DW's four" equals "$n" 4
done
n=$(dossier search 中国 --source bbcchinese.com --json | grep -c '"id"')
check "--source by a domain of BBC" equals "$n" 3
n=$(dossier search 中国 --source watch-weekly.example.net --json | grep -c '"id"')
check "--source by an unknown outlet's label" equals "$n" 2

# An archive made before labelled DW's items by their host: --source
# still finds them under any name.
sqlite3 "$DOSSIER_DB" "UPDATE docs SET source = 'dw.de' WHERE url LIKE 'http://www.dw.de/%'"
check "relabelled the old way" contains "$(dossier stats >"$WORK/stats2"; echo "$WORK/stats2")" "dw.de 2"
for name in DW dw.de 德國之聲; do
    n=$(dossier search 中国 --source "$name" --json | grep -c '"id"')
    check "--source $name finds old labels too" equals "$n" 4
done

finish
