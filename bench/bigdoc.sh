#!/bin/sh
# What one big document costs at ingest (issue 14, item 5): time and peak
# memory of `dossier ingest` on a single document of 1, 4, 16 and 64 MB of
# Chinese news text, as plain text, as an HTML page and as a feed item.
#
#   bench/bigdoc.sh [--bin DOSSIER] [--formats "txt html feed"] [--keep DIR]
#                   [--gen-only DIR] [SIZE_MB...]
#
# Each document is generated (see `gen` below: Traditional-script news
# sentences written by this script, with people after titles, 中文名（Latin
# Name） pairs, dates, places, quoted forums and meeting verbs, drawn from
# pools that a long text keeps returning to) to SIZE_MB * 1,000,000 bytes
# of file, ingested alone into a fresh archive under /usr/bin/time -v, and
# reported as one table row: wall-clock seconds, CPU seconds (user and
# system: on a shared machine the fairer figure), peak RSS, and what was
# stored (entity mentions, entities, events).  Format "nostop" (not in the
# default list) is the plain text with every full stop a comma and no
# paragraph breaks: one sentence of the whole size, crowded with meeting
# words, as a page built to be slow would be.  --gen-only DIR only writes the documents
# (for a profiler); --keep DIR keeps documents and archives there.
# DOSSIER_DATA is passed through.  Ingest refuses files over 64 MiB
# (67,108,864 bytes), so 64 is the largest size that can be asked for.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/dossier
formats="txt html feed"
keep=
gen_only=
while [ $# -gt 0 ]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --gen-only) gen_only=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- 1 4 16 64

# gen FORMAT BYTES: one document of about BYTES bytes on stdout.  The
# random numbers are awk's, seeded with a constant, so a size and format
# always give the same document.
gen() {
    LC_ALL=C awk -v fmt="$1" -v target="$2" '
function pick(a, n) { return a[int(rand() * n) + 1] }
function split_into(s, a) { return split(s, a, " ") }
function num(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
function date_expr(  r) {
    r = rand()
    if (r < 0.35) return num(1, 12) "月" num(1, 28) "日"
    if (r < 0.5) return "週" pick(wd, nwd)
    if (r < 0.6) return "上週" pick(wd, nwd)
    if (r < 0.7) return num(2019, 2024) "年" num(1, 12) "月" num(1, 28) "日"
    if (r < 0.8) return num(1, 12) "月" num(1, 14) "日至" num(15, 28) "日"
    if (r < 0.9) return "今年" num(1, 12) "月" pick(part_of_month, npm)
    return "昨天"
}
# A person with what says who it is: a title (and often a country) before
# the name, or the name with its Latin form in brackets.
function person(  r, k) {
    r = rand()
    if (r < 0.3) { k = int(rand() * nknown) + 1; return pick(country, ncountry) pick(title, ntitle) known[k] }
    if (r < 0.6) return pick(country, ncountry) pick(title, ntitle) cn_name[int(rand() * ncn) + 1]
    if (r < 0.8) { k = int(rand() * nfor) + 1; return pick(title, ntitle) for_cn[k] "（" for_latin[k] "）" }
    if (r < 0.9) { k = int(rand() * nfor) + 1; return for_cn[k] }
    return known[int(rand() * nknown) + 1]
}
function forum() { return "「" pick(forum_head, nfh) pick(forum_tail, nft) "」" }
function sentence(  r) {
    r = int(rand() * 10)
    if (r == 0) return person() date_expr() "在" pick(city, ncity) "與" person() pick(meet, nmeet) "，雙方就" pick(topic, ntopic) "交換意見。"
    if (r == 1) return person() date_expr() "表示，" pick(country, ncountry) "願意與" pick(country, ncountry) "在" pick(topic, ntopic) "上保持溝通，但不會在原則問題上讓步。"
    if (r == 2) return "據" pick(outlet, nout) "報導，" person() "將於" date_expr() "訪問" pick(city, ncity) "，並出席" forum() "。"
    if (r == 3) return person() "與" person() date_expr() "通話，這是兩人" num(2, 18) "個月來的第" num(2, 9) "次通話。"
    if (r == 4) return pick(country, ncountry) "國防部發言人" cn_name[int(rand() * ncn) + 1] "指出，" pick(country, ncountry) "近期在" pick(sea, nsea) "的行動升高了緊張，呼籲各方保持克制。"
    if (r == 5) return "分析人士認為，" pick(topic, ntopic) "仍是雙邊關係中最敏感的議題，" pick(country, ncountry) "方面希望在" date_expr() "前取得進展。"
    if (r == 6) return forum() date_expr() "在" pick(city, ncity) "舉行，來自" num(12, 60) "個國家的" num(100, 900) "名代表出席，" person() "發表主旨演講。"
    if (r == 7) return person() "曾於" num(2015, 2023) "年" num(1, 12) "月與" person() "會晤，但此後兩國軍方的溝通管道一度中斷，直到" date_expr() "才恢復。"
    if (r == 8) return person() "拒絕了" person() "在" forum() "期間會面的邀請，" pick(outlet, nout) "引述官員的話說，時機尚未成熟。"
    return "在" date_expr() "舉行的記者會上，" person() "強調" pick(topic, ntopic) "需要" pick(country, ncountry) "與" pick(country, ncountry) "共同面對，並同意" date_expr() "再度會談。"
}
function paragraph(  n, s, i) {
    n = num(2, 5); s = ""
    for (i = 0; i < n; i++) s = s sentence()
    return s
}
function out(s) { printf "%s", s; written += length(s) }
BEGIN {
    srand(14)
    ncountry = split_into("美國 中國 日本 菲律賓 澳洲 英國 法國 越南 印度 南韓 新加坡 印尼 中方 美方", country)
    ntitle = split_into("國防部長 外交部長 外長 國務卿 國家安全顧問 總統 總理 副總理 參謀長聯席會議主席 駐華大使 發言人 財政部長 商務部長 特使 海軍上將", title)
    nknown = split_into("奧斯汀 董軍 布林肯 王毅 蘇利文 李尚福 葉倫 習近平 拜登 秦剛 何立峰 布朗 伯恩斯 坎貝爾 雷蒙多 戴琪 凱瑞 張又俠 韓正 劉振立", known)
    ncity = split_into("北京 華盛頓 東京 新加坡 馬尼拉 河內 雅加達 坎培拉 首爾 曼谷 舊金山 日內瓦 維也納 倫敦 巴黎", city)
    nmeet = split_into("會晤 會談 舉行會談 會面 見面 舉行雙邊會談", meet)
    ntopic = split_into("南海局勢 台海和平 供應鏈安全 出口管制 軍事溝通管道 氣候合作 芬太尼管制 人工智能治理 半導體限制 航行自由 朝鮮半島無核化 關稅 網絡安全 海上安全 烏克蘭危機", topic)
    nout = split_into("路透社 美聯社 法新社 彭博社 共同社 韓聯社 華爾街日報 紐約時報 日經亞洲 南華早報", outlet)
    nsea = split_into("南海 東海 台灣海峽 黃海 仁愛礁 黃岩島 西太平洋", sea)
    nwd = split_into("一 二 三 四 五 六 日", wd)
    npm = split_into("上旬 中旬 下旬 初 底", part_of_month)
    nfh = split_into("香格里拉 亞太安全 印太經濟 海洋合作 東亞 金融穩定 數字經濟 區域防務 北京香山 太平洋島國", forum_head)
    nft = split_into("對話 論壇 峰會 會議 對話會", forum_tail)
    # Chinese names: surname + one or two given characters, a pool that a
    # long text keeps returning to.
    ns = split_into("王 李 張 劉 陳 楊 黃 趙 吳 周 徐 孫 馬 朱 胡 郭 何 高 林 羅 鄭 梁 謝 宋 唐 許 韓 馮 鄧 曹", sur)
    ng = split_into("國 建 明 偉 華 志 文 海 平 軍 新 東 立 振 宏 德 永 思 中 興 家 光 正 春 清 成 維 安 紅 英", given)
    ncn = 0
    for (i = 1; i <= ns; i++)
        for (j = 1; j <= ng; j++) {
            cn_name[++ncn] = sur[i] given[j] given[(i * 7 + j) % ng + 1]
            if ((i + j) % 3 == 0) cn_name[++ncn] = sur[i] given[j]
        }
    # Foreign names: two to four transliteration characters with a Latin
    # name made of the same syllables.
    nsy = split_into("阿:A 巴:Ba 貝:Be 布:Bu 達:Da 德:De 迪:Di 費:Fe 格:Ge 哈:Ha 霍:Ho 卡:Ka 克:Ke 拉:La 萊:Lai 倫:Ren 羅:Ro 馬:Ma 梅:Me 米:Mi 納:Na 尼:Ni 帕:Pa 佩:Pe 薩:Sa 斯:S 塔:Ta 特:Te 瓦:Va 維:Vi", syl)
    nfirst = split_into("Peter Anna Mark Laura David Helen James Maria Paul Sarah Thomas Julia Daniel Clara Henry Nora", firstname)
    nfor = 0
    for (i = 1; i <= nsy; i++)
        for (j = 1; j <= nsy; j++) {
            if ((i * 31 + j * 17) % 4) continue
            split(syl[i], a, ":"); split(syl[j], b, ":"); split(syl[(i + j) % nsy + 1], c, ":")
            nfor++
            for_cn[nfor] = a[1] b[1] c[1]
            for_latin[nfor] = firstname[(i + j) % nfirst + 1] " " a[2] tolower(b[2]) tolower(c[2])
        }

    headline = "美中防長會晤前夕 各方在" pick(city, ncity) "密集磋商 專題彙編"
    written = 0
    if (fmt == "html") {
        out("<!DOCTYPE html>\n<html lang=\"zh-Hant\"><head><meta charset=\"utf-8\">\n<title>" headline "</title>\n")
        out("<meta property=\"article:published_time\" content=\"2024-06-01T08:00:00+08:00\">\n")
        out("<link rel=\"canonical\" href=\"https://news.example.org/2024/06/01/bigdoc.html\">\n")
        out("</head><body><nav><a href=\"/\">首頁</a> <a href=\"/world\">國際</a></nav>\n<article><h1>" headline "</h1>\n")
        out("<p class=\"byline\">記者 林志明 2024年6月1日</p>\n")
        tail = "</article>\n<footer>版權所有</footer></body></html>\n"
        open_p = "<p>"; close_p = "</p>\n"
    } else if (fmt == "feed") {
        out("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n<title>示範新聞網</title><link>https://news.example.org/</link>\n")
        out("<description>國際新聞</description>\n<item><title>" headline "</title>\n<link>https://news.example.org/2024/06/01/bigdoc.html</link>\n")
        out("<pubDate>Sat, 01 Jun 2024 08:00:00 +0800</pubDate>\n<description><![CDATA[")
        tail = "]]></description>\n</item>\n</channel></rss>\n"
        open_p = "<p>"; close_p = "</p>\n"
    } else if (fmt == "nostop") {
        out(headline "\n\n")
        tail = "\n"
        open_p = ""; close_p = ""
    } else {
        out(headline "\n\n記者 林志明\n\n")
        tail = ""
        open_p = ""; close_p = "\n\n"
    }
    for (;;) {
        p = open_p paragraph() close_p
        if (fmt == "nostop")
            gsub("。", "，", p)
        if (written + length(p) + length(tail) > target) break
        out(p)
    }
    out(tail)
}'
}

work=${keep:-$(mktemp -d /var/tmp/bigdoc.XXXXXX)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
if [ -n "$gen_only" ]; then
    mkdir -p "$gen_only"
    for mb in "$@"; do
        for f in $formats; do
            ext=$f; [ "$f" = feed ] && ext=xml; [ "$f" = nostop ] && ext=nostop.txt
            gen "$f" $((mb * 1000000)) > "$gen_only/bigdoc-${mb}mb.$ext"
        done
    done
    exit 0
fi
[ -x "$bin" ] || { echo "bigdoc.sh: $bin not built (run make build)" >&2; exit 2; }

echo "| format | MB | bytes | s | CPU s | peak RSS MiB | status | mentions | entities | events |"
echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"
for mb in "$@"; do
    for f in $formats; do
        ext=$f; [ "$f" = feed ] && ext=xml; [ "$f" = nostop ] && ext=nostop.txt
        doc=$work/bigdoc-${mb}mb.$ext
        db=$work/bigdoc-${mb}mb-$f.db
        gen "$f" $((mb * 1000000)) > "$doc"
        rm -f "$db" "$db-wal" "$db-shm"
        status=ok
        /usr/bin/time -v -o "$work/time.txt" "$bin" --db "$db" ingest --quiet "$doc" \
            > "$work/out.txt" 2> "$work/err.txt" || status=failed
        secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s }' "$work/time.txt")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$work/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
        counts=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM entities),
                                       (SELECT count(*) FROM events)" 2>/dev/null | tr '|' ' ') || counts="? ? ?"
        [ -n "$counts" ] || counts="? ? ?"
        echo "| $f | $mb | $(wc -c < "$doc") | $secs | $cpu | $rss | $status | $(echo "$counts" | awk '{ print $1 " | " $2 " | " $3 }') |"
        [ "$status" = ok ] || sed 's/^/    /' "$work/err.txt" >&2
        [ -n "$keep" ] || rm -f "$doc" "$db" "$db-wal" "$db-shm"
    done
done
