#!/bin/sh
# Stories in real material (../shared, read in place).  The five seeds are
# five stories: DW's report of Beijing refusing the Shangri-La meeting
# (2023-05) and RFI's report of Austin asking to meet at the ADMM-Plus
# (2023-11) are the same two ministers and different events.  In the real
# feeds: China Digital Times re-posting a New York Times article, and its
# two items on Xu Caihou's death, are one story each; DW and BBC on
# Australia and the AIIB (2015-03-14) are two outlets' reports of one
# story; DW's Crimea anniversary and Tikrit items, published the same day,
# are two; two tutorials of one blog series on one site template are two.
# CNA's brandy duties and price commitments are not Wang Yi's talks with
# Barrot; DW's and dongfang's reports of the refused meeting are one.
shared="${DOSSIER_SHARED:-}"
[ -n "$shared" ] && [ -d "$shared/seeds" ] && [ -d "$shared/fixtures/real" ] ||
    { echo "skip: ../shared not found"; exit 77; }
. "$(dirname "$0")/../cli/lib.shinc"
jsonl() { "$DOSSIER_TOOLS/jsonl" "$@"; }
story_of() { dossier show --json "$1" 2>/dev/null | jsonl --get story; }

dossier ingest "$shared/seeds" 2>/dev/null
check "seeds: five stories" equals "$(dossier stories --all --json | wc -l)" 5
check "seeds: no story of two" equals "$(dossier stories --json | wc -l)" 0
dossier stories --explain "$shared/seeds/000_413e65a7a8c7964a.txt" "$shared/seeds/003_1dc218d71bcef436.txt" >"$WORK/explain"
check "seeds: the refusal and the ADMM-Plus request are different events" \
    contains "$WORK/explain" "two stories (different events)"

dossier ingest "$shared/fixtures/real" >/dev/null 2>&1
nyt=$(story_of 'https://d2nm3w2ltn97dw.cloudfront.net/tools/r.html?url=%2Fchina%2F20150315%2Fc15frugal%2F&langkey=zh-hans&from=RSS')
cdt_nyt=$(story_of 'https://d2tc2mq5qug58a.cloudfront.net/chinese/2015/03/%e7%ba%bd%e7%ba%a6%e6%97%b6%e6%8a%a5-%e4%bb%8a%e5%b9%b4%e4%b8%a4%e4%bc%9a-%e4%bb%a3%e8%a1%a8%e4%b8%8d%e5%86%8d%e9%9c%b2%e5%af%8c/')
check "NYT's article and CDT's re-post: one story" equals "$cdt_nyt" "$nyt"
check "a story id was found" sh -c "echo '$nyt' | grep -qxE '[0-9]+'"
xu1=$(story_of 'https://d2tc2mq5qug58a.cloudfront.net/chinese/2015/03/%e3%80%90%e7%9c%9f%e7%90%86%e9%83%a8%e3%80%91%e5%be%90%e6%89%8d%e5%8e%9a%e5%9b%a0%e8%86%80%e8%83%b1%e7%99%8c%e6%ad%bb%e4%ba%a1/')
xu2=$(story_of 'https://d2tc2mq5qug58a.cloudfront.net/chinese/2015/03/%e6%96%b0%e5%8d%8e%e7%bd%91-%e5%be%90%e6%89%8d%e5%8e%9a%e7%99%8c%e7%97%87%e6%81%b6%e5%8c%96%e5%8c%bb%e6%b2%bb%e6%97%a0%e6%95%88%e6%ad%bb%e4%ba%a1/')
check "two items on Xu Caihou's death: one story" equals "$xu1" "$xu2"
dw_aiib=$(story_of 'http://www.dw.de/澳总理：尽快决定是否加入-亚投行/a-18316222?maca=chi-rss-chi-all-1127-rdf')
bbc_aiib=$(story_of 'https://dm44143bsn99b.cloudfront.net/zhongwen/simp/world/2015/03/150314_australia_aiib_china')
check "DW and BBC on Australia and the AIIB: one story" equals "$dw_aiib" "$bbc_aiib"
crimea=$(story_of 'http://www.dw.de/克里米亚-改嫁-一周年/a-18315660?maca=chi-rss-chi-all-1127-rdf')
tikrit=$(story_of 'http://www.dw.de/提克里特市解放在望？/a-18316700?maca=chi-rss-chi-all-1127-rdf')
check "DW's Crimea and Tikrit items: two stories" not_equals "$crimea" "$tikrit"
check "the Xu Caihou and the NYT stories are apart" not_equals "$xu1" "$nyt"
check "a blog series on one template: two stories" not_equals \
    "$(story_of https://mlog.club/topic/644)" "$(story_of https://mlog.club/topic/645)"
# Issue 15, item 8.  CNA's 2025-07-05 items: Wang Yi's talks with Barrot
# are one story; the brandy duties and the price-commitment report that
# tells of the talks in passing are others.
cna() { story_of "https://www.cna.com.tw/news/acn/$1.aspx"; }
talks=$(cna 202507050076)
check "a story id for Wang Yi's talks with Barrot" sh -c "echo '$talks' | grep -qxE '[0-9]+'"
check "the brandy duties are not the Wang Yi-Barrot talks" not_equals "$(cna 202507040273)" "$talks"
check "price commitments, telling of the talks in passing: another story" not_equals \
    "$(cna 202507050141)" "$talks"
check "Macron receiving Wang Yi is another meeting than Barrot's talks" not_equals \
    "$(cna 202507050046)" "$talks"
# Two reports of Beijing refusing the 2023 Shangri-La meeting, DW's (seed)
# and dongfang's (an example page), published the same morning: one story.
ex="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/examples"
dossier ingest "$ex/pages/dongfang-beijing-declines-sld-meeting-2023-hans.html" >/dev/null 2>&1
check "DW and dongfang on the refused meeting: one story" equals \
    "$(story_of "$ex/pages/dongfang-beijing-declines-sld-meeting-2023-hans.html")" \
    "$(story_of "$shared/seeds/000_413e65a7a8c7964a.txt")"
dossier check >/dev/null 2>&1
check "the archive checks out" equals "$?" 0
finish
