#!/bin/sh
# The five real seeds through the command line: every seed's title, URL,
# published and fetched times and captions come out right; ingesting them
# twice leaves five documents.  Reads ../shared in place (label "shared").
seeds="${DOSSIER_SHARED:-}/seeds"
[ -d "$seeds" ] || { echo "skip: $seeds not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"

dossier ingest "$seeds" 2>"$WORK/e1"
check "five seeds ingested" contains "$WORK/e1" "ingested 5, updated 0, unchanged 0, duplicates 0, failed 0"
dossier ingest "$seeds" 2>"$WORK/e2"
check "second run changes nothing" contains "$WORK/e2" "ingested 0, updated 0, unchanged 5"
check "five documents" equals "$(doc_count)" 5

# show_json SEED_FILE: the JSON of the document read from that file.
show_json() { dossier show "$seeds/$1" --json; }

show_json 000_413e65a7a8c7964a.txt >"$WORK/0"
check "000 title" contains "$WORK/0" '"title":"北京拒絕中美防長會晤 雙邊關係難回溫？"'
check "000 url" contains "$WORK/0" '"url":"https://www.dw.com/zh/%E5%8C%97%E4%BA%AC%E6%8B%92%E7%B5%95%E4%B8%AD%E7%BE%8E%E9%98%B2%E9%95%B7%E6%9C%83%E6%99%A4%20%E9%9B%99%E9%82%8A%E9%97%9C%E4%BF%82%E9%9B%A3%E5%9B%9E%E6%BA%AB%EF%BC%9F/a-65766662"'
check "000 source" contains "$WORK/0" '"source":"DW"'
check "000 published" contains "$WORK/0" '"published":"2023-05-30T01:48:40Z"'
check "000 fetched" contains "$WORK/0" '"fetched":"2023-05-30T02:17:03Z"'
check "000 script" contains "$WORK/0" '"script":"hant"'
check "000 caption 1" contains "$WORK/0" '"caption":"中國防長李尚福4月訪問莫斯科時，曾與俄國防長對話"'
check "000 caption 3" contains "$WORK/0" '"caption":"美國商務部長雷蒙多2021年在白宮就高速網路發表談話"'
check "000 no copyright" lacks "$WORK/0" "版權聲明"
check "000 no markup" lacks "$WORK/0" "<p>"
check "000 links kept" contains "$WORK/0" '"url":"https://api.dw.com/api/detail/article/65584930"'

show_json 001_a6bae3c716f2df06.txt >"$WORK/1"
check "001 title" contains "$WORK/1" '"title":"王毅稱中美關係企穩 布林肯強調外交「面對面」"'
check "001 published" contains "$WORK/1" '"published":"2024-04-26T08:25:56Z"'
check "001 fetched" contains "$WORK/1" '"fetched":"2024-04-26T08:47:03Z"'
check "001 caption" contains "$WORK/1" '"caption":"4月26日，美國國務卿布林肯和中國外長王毅在北京會晤。"'

show_json 002_548a5db2272e6a26.txt >"$WORK/2"
check "002 title" contains "$WORK/2" '"title":"「拜習會」11月登場？美官員：已開始籌備"'
check "002 published" contains "$WORK/2" '"published":"2023-10-06T01:48:46Z"'
check "002 fetched" contains "$WORK/2" '"fetched":"2023-10-06T02:17:02Z"'
check "002 caption" contains "$WORK/2" '"caption":"圖為去年11月14日，拜登與習近平在印尼峇里島G20峰會場邊會晤。"'

show_json 003_1dc218d71bcef436.txt >"$WORK/3"
check "003 title" contains "$WORK/3" '"title":"美防长希望下周在东盟防长扩大会期间会见中国防长"'
check "003 source" contains "$WORK/3" '"source":"RFI"'
check "003 published (Paris time)" contains "$WORK/3" '"published":"2023-11-07T11:35:00Z"'
check "003 fetched" contains "$WORK/3" '"fetched":"2023-11-07T12:15:02Z"'
check "003 script" contains "$WORK/3" '"script":"hans"'
check "003 no share bar" lacks "$WORK/3" "分享"
check "003 no feed promo" lacks "$WORK/3" "获取更多RSS"
check "003 no share links" lacks "$WORK/3" "facebook.com"

show_json 004_ae6cb72911263d64.txt >"$WORK/4"
check "004 title" contains "$WORK/4" '"title":"美中恢復軍事會談對東北亞安保情勢的影響"'
check "004 author" contains "$WORK/4" '"author":"李明峻"'
check "004 source" contains "$WORK/4" '"source":"遠景基金會"'
check "004 format" contains "$WORK/4" '"format":"text"'
check "004 joined across page break" contains "$WORK/4" "穩定，自 2023 年夏天起"
check "004 no address" lacks "$WORK/4" "汀州路"
check "004 no fax" lacks "$WORK/4" "Fax"

dossier stats >"$WORK/stats"
check "stats by source" contains "$WORK/stats" "DW 3"
check "stats by script" contains "$WORK/stats" "hant 4, hans 1"
check "archive sound" dossier check
finish
