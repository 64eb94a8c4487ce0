#!/bin/sh
# Whole HTML pages: main-text extraction on our own example pages
# (examples/pages, gold in tests/data/pages/*.gold.txt) measured by
# page_eval (F1 >= 0.9, title and date right on every page), then the
# same pages through the command line, and pages with no article text
# refused with a reason.
. "$(dirname "$0")/lib.shinc"
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder of the test tools}"
src="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}"
pages="$src/examples/pages"

check "extraction F1 >= 0.9, titles and dates right" \
    "$DOSSIER_TOOLS/page_eval" --pages "$pages" --min-f1 0.9 "$src"/tests/data/pages/*.gold.txt

dossier ingest "$pages" 2>"$WORK/e1"
check "all pages ingested" contains "$WORK/e1" "failed 0"
dossier show "$pages/huaxun-austin-li-shangfu-handshake-2023-hant.html" --json >"$WORK/1"
check "canonical URL" contains "$WORK/1" '"url":"https://huaxun.example.org/news/2023/06/03/sld-handshake"'
check "JSON-LD author" contains "$WORK/1" '"author":"張家豪"'
check "outlet" contains "$WORK/1" '"source":"華訊"'
check "format" contains "$WORK/1" '"format":"page"'
check "published with its zone" contains "$WORK/1" '"published":"2023-06-03T02:05:00Z"'
check "caption kept" contains "$WORK/1" '"caption":"香格里拉對話開幕晚宴會場（資料照片）"'
check "no comments" lacks "$WORK/1" "台北讀者"
check "no login box" lacks "$WORK/1" "忘記密碼"
check "no cookie notice" lacks "$WORK/1" "Cookie"
check "no related list" lacks "$WORK/1" "維也納會談八小時"
check "no share bar" lacks "$WORK/1" "LINE"
dossier show "$pages/chenzhong-austin-dongjun-singapore-meeting-2024-hant.html" --json >"$WORK/3"
check "byline from the date line" contains "$WORK/3" '"author":"林雅文"'
check "visible date read as UTC+8" contains "$WORK/3" '"published":"2024-05-31T06:55:00Z"'
check "no tools line" lacks "$WORK/3" "列印"
check "no pinglun" lacks "$WORK/3" "alex_tw"
dossier show "$pages/huaxun-li-shangfu-shangri-la-speech-2023-hant-big5.html" --json >"$WORK/8"
check "Big5 page read" contains "$WORK/8" '"title":"李尚福香格里拉對話演說 稱中美衝突將是災難"'

# Pages that hold no article.
printf '<html><head><title>系统维护中</title></head><body><div class="notice">网站正在进行系统维护，请稍后重试。</div></body></html>\n' >"$WORK/maint.html"
dossier ingest "$WORK/maint.html" 2>"$WORK/e2"
status=$?
check "maintenance page fails" equals "$status" 1
check "maintenance page: reason" contains "$WORK/e2" "no article text: a maintenance notice"
printf '<html><head><title>首页</title></head><body><ul><li><a href="/a">国际</a></li><li><a href="/b">财经</a></li><li><a href="/c">体育</a></li></ul></body></html>\n' >"$WORK/index.html"
dossier ingest "$WORK/index.html" 2>"$WORK/e3"
check "bare index refused" contains "$WORK/e3" "no article text"
finish
