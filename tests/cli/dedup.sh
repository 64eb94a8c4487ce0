#!/bin/sh
# The same document ingested twice is stored once; a changed document at
# the same URL is updated and says so; a copy at another URL is recorded
# as one more address of the same document.
. "$(dirname "$0")/lib.shinc"
in="$WORK/in"
mkdir -p "$in"
make_record "$in/a.txt" 1717142400000 https://news.example.org/a/1 "會談結束" \
    '<p>雙方在會談後發表聲明，同意維持溝通管道。</p>'
make_record "$in/b.txt" 1717142400000 https://news.example.org/b/2 "另一篇" \
    '<p>這是另一篇報導，內容完全不同。</p>'

dossier ingest "$in" 2>"$WORK/e1"
check "first run stores two" contains "$WORK/e1" "ingested 2, updated 0, unchanged 0"
dossier ingest "$in" "$in/a.txt" 2>"$WORK/e2"
check "second run stores nothing" contains "$WORK/e2" "ingested 0, updated 0, unchanged 3"
check "two documents" equals "$(doc_count)" 2

# Same URL, new text: updated in place.
make_record "$in/a.txt" 1717146000000 https://news.example.org/a/1 "會談結束（更新）" \
    '<p>雙方在會談後發表聲明，同意維持溝通管道，並將於下月再談。</p>'
dossier ingest "$in/a.txt" 2>"$WORK/e3"
check "changed document updated" contains "$WORK/e3" "ingested 0, updated 1, unchanged 0"
check "still two documents" equals "$(doc_count)" 2
dossier show https://news.example.org/a/1 --json >"$WORK/show"
check "new title visible" contains "$WORK/show" '"title":"會談結束（更新）"'
check "new text visible" contains "$WORK/show" "並將於下月再談"
check "old text gone" lacks "$WORK/show" "管道。\""
check "update time recorded" sh -c "grep -q '\"updated\":\"20' \"$WORK/show\""

# Same text under another URL: one document, two addresses.
make_record "$in/c.txt" 1717146000000 https://mirror.example.org/a/1 "會談結束（更新）" \
    '<p>雙方在會談後發表聲明，同意維持溝通管道，並將於下月再談。</p>'
dossier ingest "$in/c.txt" 2>"$WORK/e4"
check "copy recognised" contains "$WORK/e4" "duplicates 1"
check "still two documents after copy" equals "$(doc_count)" 2
dossier show https://mirror.example.org/a/1 --json >"$WORK/show2"
check "copy's URL finds the document" contains "$WORK/show2" '"url":"https://news.example.org/a/1"'
check "both URLs listed" contains "$WORK/show2" '"urls":["https://mirror.example.org/a/1","https://news.example.org/a/1"]'
# The same text with full-width letters and digits (a re-keyed copy): one
# document by its NFKC content hash.
make_record "$in/w1.txt" 1717146000000 https://news.example.org/g7/1 "Ｇ７峰會２０２４年在義大利舉行" \
    '<p>七國集團領袖Ｇ７峰會２０２４年６月在義大利普利亞舉行。</p>'
make_record "$in/w2.txt" 1717146000000 https://mirror.example.org/g7/1 "G7峰會2024年在義大利舉行" \
    '<p>七國集團領袖G7峰會2024年6月在義大利普利亞舉行。</p>'
dossier ingest "$in/w1.txt" 2>/dev/null
dossier ingest "$in/w2.txt" 2>"$WORK/e5"
check "full- and half-width forms: one document" contains "$WORK/e5" "duplicates 1"
check "archive sound" dossier check
finish
