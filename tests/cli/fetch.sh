#!/bin/sh
# dossier fetch over loopback, against tests/tools/testhttpd:
# - a feed's items are stored; fetching it again sends a conditional
#   request, transfers no body (304) and changes nothing in the archive;
# - feeds that went bad (404, a dropped connection, HTML instead of XML,
#   a timeout) show their error in 'feeds list' while the others carry on
#   (exit 1, the good ones stored);
# - a 301 moves the subscription (and its items); gzip works;
# - an HTML page is not subscribed to unless --page stores it as a page;
# - full text replaces a summary-only item's body with its article page.
. "$(dirname "$0")/lib.shinc"
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder holding testhttpd}"

www="$WORK/www"
mkdir -p "$www"
"$DOSSIER_TOOLS/testhttpd" --root "$www" --port-file "$WORK/port" --log "$WORK/log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
trap 'exit 2' INT TERM HUP
i=0
while [ ! -s "$WORK/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$WORK/port" ] || { echo "testhttpd did not start"; exit 1; }
base="http://127.0.0.1:$(cat "$WORK/port")"

# ---- the feeds, in our own words -----------------------------------------

# rss FILE TITLE ITEM...: an RSS 2.0 channel; each ITEM is "url|title|text".
rss() {
    file=$1 title=$2
    shift 2
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        printf '<title>%s</title><link>https://news.example.org/</link><description>测试</description>\n' "$title"
        n=0
        for item in "$@"; do
            n=$((n + 1))
            url=${item%%|*} rest=${item#*|}
            t=${rest%%|*} text=${rest#*|}
            printf '<item><title>%s</title><link>%s</link><guid>%s</guid>\n' "$t" "$url" "$url"
            printf '<pubDate>Fri, 31 May 2024 0%d:00:00 +0800</pubDate>\n' "$n"
            printf '<description><![CDATA[<p>%s</p><p>%s这是第二段，补充了会谈的背景和双方此前的表态。</p>]]></description></item>\n' "$text" "$t"
        done
        printf '</channel></rss>\n'
    } >"$file"
}

rss "$www/a.xml" "海峡新闻" \
    "https://news.example.org/a/1|防长通话|两国防长周五通了电话，同意恢复军事沟通渠道。" \
    "https://news.example.org/a/2|对话重启|中断一年多的海上安全对话将于下月在夏威夷重新举行。" \
    "https://news.example.org/a/3|新加坡会晤|双方防长在香格里拉对话会场外会晤约一小时。"

cat >"$www/b.atom" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>國防觀察</title>
  <link href="https://watch.example.tw/"/>
  <id>urn:example:watch</id>
  <updated>2024-05-31T08:00:00Z</updated>
  <entry>
    <title>軍事熱線恢復</title>
    <link href="https://watch.example.tw/n/100"/>
    <id>urn:example:watch:100</id>
    <updated>2024-05-31T08:00:00Z</updated>
    <content type="html">&lt;p&gt;雙方確認軍事熱線已經恢復運作，並同意定期檢討。&lt;/p&gt;&lt;p&gt;觀察人士認為，這是緩和緊張的第一步，但仍有許多分歧。&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>工作會談</title>
    <link href="https://watch.example.tw/n/101"/>
    <id>urn:example:watch:101</id>
    <updated>2024-05-30T08:00:00Z</updated>
    <content type="html">&lt;p&gt;兩軍工作層級會談在華府舉行，討論海空安全規則。&lt;/p&gt;&lt;p&gt;會後雙方都沒有發表聯合聲明，只說氣氛坦率。&lt;/p&gt;</content>
  </entry>
</feed>
EOF

rss "$www/c.xml" "搬家的频道" \
    "https://moved.example.org/c/1|频道搬家|这个频道已经搬到新的地址，旧地址永久转向。"
rss "$www/d.xml" "压缩的频道" \
    "https://gz.example.org/d/1|压缩传输|这条消息经过压缩后传送，读取时应当自动解压。" \
    "https://gz.example.org/d/2|第二条压缩|另一条经过压缩的消息，内容谈到海上相遇规则。"
rss "$www/e.xml" "将要坏掉的频道" \
    "https://bad.example.org/e/1|还好的时候|这个频道第一次抓取时一切正常。"
rss "$www/f.xml" "新来的频道" \
    "https://fresh.example.org/f/1|新频道|坏频道出错的时候，这个新频道照样抓取成功。"

cat >"$www/page.html" <<'EOF'
<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<title>独立报道 - 示例新闻网</title>
<meta property="og:title" content="独立报道：防务对话的来龙去脉">
<meta property="article:published_time" content="2024-05-31T10:00:00+08:00">
</head><body>
<nav><a href="/">首页</a> <a href="/world">国际</a></nav>
<article>
<h1>独立报道：防务对话的来龙去脉</h1>
<p>过去一年，两国的防务对话经历了中断和恢复，外界一直关注双方能否重建互信。</p>
<p>据了解，双方在新加坡的会晤持续了大约一个小时，谈到了台海、南海和乌克兰等议题。</p>
<p>分析人士指出，恢复沟通并不等于分歧消失，但至少可以降低意外冲突的风险。</p>
</article>
<footer>版权所有 示例新闻网</footer>
</body></html>
EOF

# ---- 1. first fetch stores the items --------------------------------------

dossier fetch "$base/files/a.xml" "$base/files/b.atom" 2>"$WORK/e1"
check "first fetch succeeds" equals "$?" 0
check "RSS summary line" contains "$WORK/e1" "$base/files/a.xml: 3 items (3 new, 0 updated, 0 already stored), 0 dropped"
check "Atom summary line" contains "$WORK/e1" "$base/files/b.atom: 2 items (2 new, 0 updated, 0 already stored), 0 dropped"
check "five documents" equals "$(doc_count)" 5
check "first request unconditional" sh -c "grep -F 'GET /files/a.xml ' '$WORK/log' | head -1 | grep -q 'inm=- ims=-'"
check "User-Agent names Dossier" sh -c "grep -F 'GET /files/a.xml ' '$WORK/log' | head -1 | grep -qi 'ua=Dossier'"
dossier show https://news.example.org/a/2 --json >"$WORK/show1"
check "item text stored" contains "$WORK/show1" "海上安全对话将于下月在夏威夷重新举行"
check "item knows its feed" contains "$WORK/show1" "\"feed\":\"$base/files/a.xml\""
dossier feeds list --json >"$WORK/l1"
check "channel title recorded" contains "$WORK/l1" "{\"url\":\"$base/files/a.xml\",\"title\":\"海峡新闻\""
check "item count listed" sh -c "grep -F '\"url\":\"$base/files/b.atom\"' '$WORK/l1' | grep -q '\"items\":2'"
check "validators kept" sh -c "grep -F '\"url\":\"$base/files/a.xml\"' '$WORK/l1' | grep -q '\"etag\":\"'"

# ---- 2. unchanged: a conditional request, no body, nothing changes --------

dossier stats --json >"$WORK/stats1"
dossier list --json >"$WORK/list1"
dossier fetch 2>"$WORK/e2"
check "nothing due right after" contains "$WORK/e2" "no feed is due"
lines=$(wc -l <"$WORK/log")
dossier fetch --all 2>"$WORK/e3"
check "refetch succeeds" equals "$?" 0
check "refetch says not modified" contains "$WORK/e3" "$base/files/a.xml: not modified"
check "Atom not modified either" contains "$WORK/e3" "$base/files/b.atom: not modified"
tail -n +"$((lines + 1))" "$WORK/log" | grep -F 'GET /files/a.xml ' >"$WORK/cond"
check "one request for the feed" equals "$(wc -l <"$WORK/cond" | tr -d ' ')" 1
check "conditional request sent" sh -c "grep -q 'inm=\"' '$WORK/cond'"
check "If-Modified-Since sent" sh -c "grep -q 'ims=[A-Z][a-z][a-z], ' '$WORK/cond'"
check "answered 304 without a body" contains "$WORK/cond" "status=304 bytes=0"
dossier stats --json >"$WORK/stats2"
dossier list --json >"$WORK/list2"
check "stats identical" cmp -s "$WORK/stats1" "$WORK/stats2"
check "documents identical" cmp -s "$WORK/list1" "$WORK/list2"

# A 304 to a request that sent no validator is the server's mistake, not
# "nothing new": the first fetch of a feed fails and says why.
dossier fetch "$base/status/304" 2>"$WORK/e304"
check "304 without a validator is a failure" equals "$?" 1
check "304 without a validator explained" sh -c "grep -F 'dossier: $base/status/304: ' '$WORK/e304' | grep -q 'sent no validator'"
check "304 without a validator not 'not modified'" lacks "$WORK/e304" "not modified"
dossier feeds list --json >"$WORK/l304"
check "304 without a validator recorded as an error" sh -c "grep -F '\"url\":\"$base/status/304\"' '$WORK/l304' | grep -q '\"last_error\":\"HTTP 304'"
dossier feeds remove "$base/status/304" 2>/dev/null

# ---- 3. a permanent redirect moves the subscription -----------------------

dossier fetch "$base/redirect/301/files/c.xml" 2>"$WORK/e4"
check "redirected feed fetched" equals "$?" 0
check "move reported" contains "$WORK/e4" "$base/redirect/301/files/c.xml: moved permanently to $base/files/c.xml"
dossier feeds list >"$WORK/l2"
check "subscription at the new URL" sh -c "grep -A1 -F '搬家的频道  <$base/files/c.xml>' '$WORK/l2' | grep -qF '1 item ·'"
check "old URL gone" lacks "$WORK/l2" "/redirect/301/"
dossier show https://moved.example.org/c/1 --json >"$WORK/show2"
check "item stamped with the new URL" contains "$WORK/show2" "\"feed\":\"$base/files/c.xml\""

# ---- 4. gzip ------------------------------------------------------------------

dossier fetch "$base/gzip/d.xml" 2>"$WORK/e5"
check "gzip feed fetched" contains "$WORK/e5" "$base/gzip/d.xml: 2 items (2 new, 0 updated, 0 already stored), 0 dropped"
check "gzip asked for" sh -c "grep -F 'GET /gzip/d.xml ' '$WORK/log' | head -1 | grep -q 'ae=[^=]*gzip'"
gzbytes=$(grep -F 'GET /gzip/d.xml ' "$WORK/log" | head -1 | sed 's/.* bytes=\([0-9]*\) .*/\1/')
# testhttpd wraps the file in gzip framing (stored blocks): not the file's size.
check "and sent gzip-encoded" sh -c "[ '$gzbytes' -gt 0 ] && [ '$gzbytes' -ne $(wc -c <"$www/d.xml") ]"
dossier search 解压 --json >"$WORK/s5"
check "gzip item searchable" contains "$WORK/s5" "https://gz.example.org/d/1"

# ---- 5. feeds that went bad, and the others carry on ----------------------

dossier fetch "$base/files/e.xml" 2>/dev/null
check "feed fine at first" equals "$?" 0
# Now it serves an HTML page instead (with a later date, so nothing says 304).
cp "$www/page.html" "$www/e.xml"
touch -d "@$(( $(date +%s) + 3600 ))" "$www/e.xml"
dossier feeds add "$base/status/404" 2>/dev/null
dossier feeds add "$base/drop/files/a.xml" 2>/dev/null
dossier feeds add "$base/slow/10000/files/b.atom" 2>/dev/null
dossier feeds add "$base/files/f.xml" 2>/dev/null
before=$(doc_count)
start=$(date +%s)
dossier fetch --all --timeout 1 --retries 0 2>"$WORK/e6"
status=$?
took=$(( $(date +%s) - start ))
check "a failed feed makes the exit status 1" equals "$status" 1
check "404 reported" sh -c "grep -F 'dossier: $base/status/404: ' '$WORK/e6' | grep -q 404"
check "dropped connection reported" contains "$WORK/e6" "dossier: $base/drop/files/a.xml: "
check "HTML instead of a feed reported" sh -c "grep -F 'dossier: $base/files/e.xml: ' '$WORK/e6' | grep -q 'not a feed'"
check "timeout reported" sh -c "grep -F 'dossier: $base/slow/10000/files/b.atom: ' '$WORK/e6' | grep -qi 'time'"
check "timeout honoured" sh -c "[ $took -lt 8 ]"
check "good new feed stored meanwhile" contains "$WORK/e6" "$base/files/f.xml: 1 item (1 new, 0 updated, 0 already stored), 0 dropped"
check "unchanged feed still checked" contains "$WORK/e6" "$base/files/a.xml: not modified"
check "one more document" equals "$(doc_count)" $((before + 1))
dossier feeds list --json >"$WORK/l3"
errline() { grep -F "\"url\":\"$1\"" "$WORK/l3"; }
check "404 error listed" sh -c "grep -F '\"url\":\"$base/status/404\"' '$WORK/l3' | grep -q '\"last_error\":\"[^\"]*404'"
check "404 status listed" sh -c "grep -F '\"url\":\"$base/status/404\"' '$WORK/l3' | grep -q '\"last_status\":404'"
check "drop error listed" sh -c "grep -F '\"url\":\"$base/drop/files/a.xml\"' '$WORK/l3' | grep -q '\"last_error\":\"'"
check "timeout error listed" sh -c "grep -F '\"url\":\"$base/slow/10000/files/b.atom\"' '$WORK/l3' | grep -q '\"failures\":1'"
check "bad feed stays subscribed with its error" sh -c "grep -F '\"url\":\"$base/files/e.xml\"' '$WORK/l3' | grep -q '\"last_error\":\"not a feed'"
check "its items stay" sh -c "grep -F '\"url\":\"$base/files/e.xml\"' '$WORK/l3' | grep -q '\"items\":1'"
check "good feed has no error" sh -c "grep -F '\"url\":\"$base/files/f.xml\"' '$WORK/l3' | grep -q '\"last_error\":null'"
dossier feeds list >"$WORK/l4"
check "text list shows the error" sh -c "grep -A2 -F '<$base/status/404>' '$WORK/l4' | grep -q 'last error: .*(1 failure in a row)'"
# The failing ones are put off; the next plain run leaves them alone.
dossier fetch 2>"$WORK/e7"
check "failed feeds not retried at once" contains "$WORK/e7" "no feed is due"

# ---- 6. an HTML page is not a subscription, unless --page stores it -------

dossier fetch "$base/files/page.html" 2>"$WORK/e8"
check "page given as feed fails" equals "$?" 1
check "and says to use --page" contains "$WORK/e8" "dossier: $base/files/page.html: not a feed: the address served an HTML page; not subscribed (use 'dossier fetch --page URL' to store a page)"
check "in one line" equals "$(wc -l <"$WORK/e8" | tr -d ' ')" 1
dossier feeds list >"$WORK/l5"
check "page not subscribed" lacks "$WORK/l5" "page.html"
dossier fetch --page "$base/files/page.html" 2>"$WORK/e9"
check "page stored" equals "$?" 0
check "page reported" contains "$WORK/e9" "$base/files/page.html: stored as a page (new)"
dossier show "$base/files/page.html" --json >"$WORK/show3"
check "page text stored" contains "$WORK/show3" "至少可以降低意外冲突的风险"
check "page is no feed item" lacks "$WORK/show3" "\"feed\":\"http"

# ---- 7. full text for summary-only items ----------------------------------

art="$base/files/art1.html"
cat >"$www/art1.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>网页上的标题 | 示例</title></head><body>
<header><a href="/">首页</a></header>
<article>
<h1>网页上的标题</h1>
<p>这是文章的全文第一段：两国国防部长在会晤中同意，年内恢复战区指挥官之间的通话。</p>
<p>全文第二段：双方还讨论了海上意外相遇规则的执行情况，并同意在秋季再次举行工作会谈。</p>
<p>全文第三段：有学者提醒，恢复对话只是开始，真正的考验在于危机时刻能否接通电话。</p>
</article>
</body></html>
EOF
cat >"$www/s.atom" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>只有摘要的频道</title>
  <id>urn:example:summary</id>
  <updated>2024-05-31T08:00:00Z</updated>
  <entry>
    <title>摘要条目</title>
    <link href="$art"/>
    <id>urn:example:summary:1</id>
    <updated>2024-05-31T08:00:00Z</updated>
    <summary>两国防长同意恢复通话……</summary>
  </entry>
  <entry>
    <title>打不开的条目</title>
    <link href="$base/status/410"/>
    <id>urn:example:summary:2</id>
    <updated>2024-05-31T07:00:00Z</updated>
    <summary>这一条的网页已经不在了……</summary>
  </entry>
</feed>
EOF
dossier feeds add "$base/files/s.atom" --fulltext 2>/dev/null
dossier fetch "$base/files/s.atom" 2>"$WORK/e10"
check "summary feed fetched" equals "$?" 0
check "full text reported" contains "$WORK/e10" "full text: 1 page read, 1 failed"
check "failed page reported, summary kept" sh -c "grep -F '$base/status/410: warning: full text' '$WORK/e10' | grep -q 'summary stays'"
dossier show "$art" --json >"$WORK/show4"
check "page text replaced the summary" contains "$WORK/show4" "真正的考验在于危机时刻能否接通电话"
check "feed title kept" contains "$WORK/show4" '"title":"摘要条目"'
check "summary kept as summary" contains "$WORK/show4" '"summary":"两国防长同意恢复通话……"'
check "still the feed's item" contains "$WORK/show4" "\"feed\":\"$base/files/s.atom\""
dossier show "$base/status/410" --json >"$WORK/show5"
check "unreachable page leaves the summary" contains "$WORK/show5" "这一条的网页已经不在了"
# The feed changes: the summary does not overwrite the full text.
sed -i 's/<title>只有摘要的频道</<title>只有摘要的频道（改）</' "$www/s.atom"
touch -d "@$(( $(date +%s) + 3600 ))" "$www/s.atom"
dossier fetch --all --retries 0 --timeout 5 2>"$WORK/e11"
dossier show "$art" --json >"$WORK/show6"
check "full text survives a refetch" contains "$WORK/show6" "真正的考验在于危机时刻能否接通电话"

# ---- 8. what ingest repaired or dropped is reported; encodings over HTTP ---

{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>有坏条目的频道</title>\n'
    printf '<item><title>完好的条目</title><link>https://mixed.example.org/m/1</link>'
    printf '<description><![CDATA[<p>这一条完整无缺，可以正常存进档案。</p><p>第二段也在这里，说明完整。</p>]]></description></item>\n'
    printf '<item></item>\n'
    printf '</channel></rss>\n'
} >"$www/m.xml"
dossier fetch "$base/files/m.xml" 2>"$WORK/e12"
check "feed with a dropped item still succeeds" equals "$?" 0
check "dropped item counted" contains "$WORK/e12" "$base/files/m.xml: 1 item (1 new, 0 updated, 0 already stored), 1 dropped"
check "dropped item explained" sh -c "grep -F 'dossier: $base/files/m.xml: warning: ' '$WORK/e12' | grep -q dropped"

printf '<?xml version="1.0" encoding="GB2312"?>\n<rss version="2.0"><channel><title>简体编码频道</title>\n<item><title>国标编码的新闻</title><link>https://gb.example.cn/g/1</link><description><![CDATA[<p>这条新闻用国标编码传送，抓取后应当正确转换成统一码。</p><p>第二段继续说明编码转换。</p>]]></description></item></channel></rss>\n' |
    iconv -f UTF-8 -t GB18030 >"$www/g.xml"
dossier fetch "$base/files/g.xml?charset=gb2312" 2>"$WORK/e13"
check "GB2312 feed fetched" equals "$?" 0
dossier show https://gb.example.cn/g/1 --json >"$WORK/show7"
check "GB2312 text converted" contains "$WORK/show7" "抓取后应当正确转换成统一码"
dossier feeds list >"$WORK/l6"
check "GB2312 channel title converted" contains "$WORK/l6" "简体编码频道"

# A feed saved to disk and ingested before it is subscribed to: fetching
# it finds the items already stored and counts them for the subscription.
rss "$www/s.xml" "先存后订" \
    "https://saved.example.org/s/1|先存的一则|这则新闻先从存档文件读入，后来才订阅。"
dossier ingest "$www/s.xml" 2>/dev/null
dossier fetch "$base/files/s.xml" 2>"$WORK/e14"
check "saved items recognised" contains "$WORK/e14" "$base/files/s.xml: 1 item (0 new, 0 updated, 1 already stored), 0 dropped"
dossier feeds list --json >"$WORK/l7"
check "saved items count for the feed" sh -c "grep -F '\"url\":\"$base/files/s.xml\"' '$WORK/l7' | grep -qF '\"items\":1,'"

# Arguments that are no web address are reported one by one; the rest go on.
dossier fetch not-a-url "ftp://files.example.org/feed" "$base/files/s.xml" 2>"$WORK/e15"
check "bad arguments fail the batch" equals "$?" 1
check "bare word named" contains "$WORK/e15" "dossier: not-a-url: not an http:// or https:// URL"
check "ftp URL named" contains "$WORK/e15" "dossier: ftp://files.example.org/feed: not an http:// or https:// URL"
check "good URL still fetched" contains "$WORK/e15" "$base/files/s.xml: "

check "archive sound" dossier check
finish
