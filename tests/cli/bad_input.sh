#!/bin/sh
# A batch with every kind of bad input: each bad file gets one clear line
# on stderr naming it, the good files are stored, the exit status is 1 and
# the archive stays sound.
. "$(dirname "$0")/lib.shinc"
in="$WORK/in"
mkdir -p "$in/sub"

make_record "$in/good1.txt" 1717142400000 https://news.example.org/a/1 "國防部長在新加坡會晤" \
    '<p>兩國國防部長週五在新加坡會晤，談了一個多小時。</p>'
make_record "$in/sub/good2.txt" 1717142500000 https://news.example.org/a/2 "防长在新加坡会晤" \
    '<p>两国防长周五在新加坡会晤，双方同意保持沟通。</p>'
: >"$in/empty.txt"
printf '   \n\t\n' >"$in/blank.txt"
head -c 4096 /dev/urandom >"$in/noise.bin"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$in/image.png"
printf '<!--1717142400000-->\n[只有標題](https://news.example.org/a/3)\n' >"$in/truncated.txt"
# Latin-1 bytes throughout: not UTF-8 at all.
printf 'Caf\351 cr\350me br\373l\351e \340 la fran\347aise, d\351j\340 vu %.0s' $(seq 1 20) >"$in/latin1.txt"
# UTF-8 text cut in the middle of a character: repaired, stored, warned about.
printf '美國國防部長週五在新加坡發表演說，談到區域安全。\n\n第二段說明會談的背景\345\245' >"$in/cut.txt"
# XML that is no feed, broken past recovery.
printf '<?xml version="1.0"?>\n<catalog><book>壞</chapter></catalog>' >"$in/broken.xml"
# A feed download cut off inside its second item: the first is kept.
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>測試</title><item><title>第一則</title><link>https://news.example.org/f/1</link><description>完整的一則。</description></item><item><title>第二' >"$in/cutfeed.xml"
truncate -s 200M "$in/huge.txt"
ln -s "$in/nowhere.txt" "$in/dangling.txt"
ln -s loop "$in/loop"
ln -s .. "$in/sub/up"
mkfifo "$in/pipe"
if [ "$(id -u)" != 0 ]; then
    make_record "$in/secret.txt" 1717142400000 https://news.example.org/a/9 "x" '<p>x</p>'
    chmod 000 "$in/secret.txt"
fi

dossier ingest "$in" "$WORK/does-not-exist" >"$WORK/out" 2>"$WORK/err"
status=$?
cat "$WORK/err"

check "exit status is 1" equals "$status" 1
check "good files stored" equals "$(doc_count)" 4
check "empty file named" contains "$WORK/err" "$in/empty.txt: empty file"
check "blank file named" contains "$WORK/err" "$in/blank.txt: empty file"
check "random bytes named" contains "$WORK/err" "$in/noise.bin: binary file"
check "png named" contains "$WORK/err" "$in/image.png: binary file"
check "truncated record named" contains "$WORK/err" "$in/truncated.txt: truncated record"
check "latin-1 refused" contains "$WORK/err" "$in/latin1.txt: not UTF-8 text"
check "cut character warned" contains "$WORK/err" "$in/cut.txt: warning: replaced 1 malformed UTF-8 sequence"
check "broken XML named" contains "$WORK/err" "$in/broken.xml: broken XML at line"
check "cut feed's whole item kept" sh -c "\"$DOSSIER_BIN\" show https://news.example.org/f/1 | grep -q 完整的一則"
check "cut feed's last item explained" contains "$WORK/err" "$in/cutfeed.xml: warning: item 2 dropped: the document ends inside it"
check "200 MB file refused" contains "$WORK/err" "$in/huge.txt: file too large: 200 MiB"
check "dangling link named" contains "$WORK/err" "$in/dangling.txt: dangling symbolic link"
check "link loop named" contains "$WORK/err" "$in/loop: symbolic link loop"
check "directory loop named" contains "$WORK/err" "$in/sub/up: symbolic link loop"
check "fifo refused" contains "$WORK/err" "$in/pipe: not a regular file"
check "missing path named" contains "$WORK/err" "$WORK/does-not-exist: No such file or directory"
if [ "$(id -u)" != 0 ]; then
    check "unreadable file named" contains "$WORK/err" "$in/secret.txt: cannot open: Permission denied"
    bad=14
else
    bad=13  # root reads every file: no unreadable one to test
fi
check "summary line" contains "$WORK/err" "ingested 4, updated 0, unchanged 0, duplicates 0, failed $bad"
check "nothing on stdout" equals "$(wc -c <"$WORK/out")" 0
check "archive sound" dossier check
check "good text intact" sh -c "\"$DOSSIER_BIN\" show https://news.example.org/a/1 | grep -q 談了一個多小時"
check "repaired text stored" sh -c "\"$DOSSIER_BIN\" show \"$in/cut.txt\" | grep -q 第二段說明會談的背景"

# The same batch again: nothing new, nothing lost.
dossier ingest "$in" >/dev/null 2>"$WORK/err2"
check "second run stores nothing new" contains "$WORK/err2" "ingested 0, updated 0, unchanged 4"
check "count unchanged" equals "$(doc_count)" 4

# A file that is not an archive is refused with a clear message.
printf 'not a database at all, just text that is long enough to be a header....' >"$WORK/bogus.db"
dossier --db "$WORK/bogus.db" stats >/dev/null 2>"$WORK/err3"
check "not-a-database refused" contains "$WORK/err3" "not a Dossier archive"
finish
