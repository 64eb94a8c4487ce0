#!/bin/sh
# PDFs made here with mkpdf (cairo, WenQuanYi Micro Hei) from our own specs
# in tests/data/pdf: each is ingested into its own archive and must come
# back exactly: title, author, and every paragraph as the spec wrote it
# (line and page breaks undone, no running header, footer or page number
# in the text).  Then a batch with a truncated, an image-only and an
# encrypted PDF: each is named with its reason, the good one is stored,
# the status is 1.
. "$(dirname "$0")/lib.shinc"
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder of the test tools}"
: "${DOSSIER_SOURCE_DIR:?set DOSSIER_SOURCE_DIR to the source tree}"
# fontconfig leaks a little while it reads its configuration: see the
# suppression file (the ASan build runs this test too)
supp="$DOSSIER_SOURCE_DIR/tests/tools/lsan-fontconfig.supp"
mkpdf() {
    LSAN_OPTIONS="suppressions=$supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$DOSSIER_TOOLS/mkpdf" "$@"
}
specs="$DOSSIER_SOURCE_DIR/tests/data/pdf"
in="$WORK/in"
mkdir -p "$in"

# spec_field SPEC KEY: a `key: value` line of the spec's head.
spec_field() {
    awk -v k="$2" 'NF == 0 { exit } index($0, k ": ") == 1 { print substr($0, length(k) + 3); exit }' "$1"
}

# spec_paras SPEC: the body, one paragraph per line ("# " for headings).
spec_paras() {
    awk 'body && NF { print } NF == 0 { body = 1 }' "$1"
}

# doc_paras JSON: the stored paragraphs in the same shape.
doc_paras() {
    if command -v jq >/dev/null 2>&1; then
        jq -r '.paragraphs[] | if .kind == "heading" then "# " + .text else .text end' "$1"
    else
        # without jq: the text view, which marks headings "## "
        awk 'body && NF { sub(/^## /, "# "); print } NF == 0 { body = 1 }' "$1.txt"
    fi
}

# roundtrip NAME SPEC [MKPDF OPTIONS...]: the PDF's text is the spec's.
roundtrip() {
    name=$1 spec=$2
    shift 2
    pdf="$in/$name.pdf"
    db="$WORK/$name.db"
    mkpdf --stats "$@" "$spec" "$pdf" >"$WORK/$name.stats"
    check "$name: mkpdf" test -s "$pdf"
    # the test means nothing unless a paragraph goes on over a page break
    check "$name: a paragraph crosses a page break" sh -c \
        "grep -q '^split [1-9]' \"$WORK/$name.stats\""
    DOSSIER_DB="$db" "$DOSSIER_BIN" ingest "$pdf" 2>"$WORK/$name.err"
    check "$name: ingested" contains "$WORK/$name.err" "ingested 1, updated 0"
    DOSSIER_DB="$db" "$DOSSIER_BIN" show "$pdf" --json >"$WORK/$name.json"
    DOSSIER_DB="$db" "$DOSSIER_BIN" show "$pdf" >"$WORK/$name.json.txt"
    spec_paras "$spec" >"$WORK/$name.want"
    doc_paras "$WORK/$name.json" >"$WORK/$name.got"
    if ! cmp -s "$WORK/$name.want" "$WORK/$name.got"; then
        diff "$WORK/$name.want" "$WORK/$name.got" | head -20
    fi
    check "$name: every paragraph round-trips" cmp -s "$WORK/$name.want" "$WORK/$name.got"
    check "$name: title" contains "$WORK/$name.json" "\"title\":\"$(spec_field "$spec" title)\""
    check "$name: author" contains "$WORK/$name.json" "\"author\":\"$(spec_field "$spec" author)\""
    check "$name: affiliation" contains "$WORK/$name.json" "\"affiliation\":\"$(spec_field "$spec" affiliation)\""
    check "$name: format" contains "$WORK/$name.json" '"format":"pdf"'
    header=$(spec_field "$spec" header)
    check "$name: no running header" lacks "$WORK/$name.got" "$header"
    check "$name: no series line in the text" lacks "$WORK/$name.got" "$(spec_field "$spec" series)"
}

hant="$specs/defence-talks-hant.txt"
hans="$specs/military-channels-hans.txt"
roundtrip hant "$hant"
roundtrip hans "$hans"
roundtrip hant-nometa "$hant" --no-metadata
roundtrip hans-nometa "$hans" --no-metadata
roundtrip hant-indent "$hant" --indent --font-size 11.5
roundtrip hans-indent "$hans" --indent --font-size 12
# metadata a word processor left behind: the first page wins
roundtrip hant-badmeta "$hant" --meta-title "Microsoft Word - 防務對話評論初稿.docx" --meta-author "user"
roundtrip hans-untitled "$hans" --meta-title "Untitled" --meta-author "admin"

check "footer page numbers gone" lacks "$WORK/hant.got" "頁，共"
check "dash page numbers gone" sh -c "! grep -qx -- '- [0-9]* -' \"$WORK/hans.got\""
check "metadata date as published" contains "$WORK/hant.json" '"published":"2024-06-07T01:30:00Z"'

# The bundled example: its text is its spec's, less the editor's note and
# the publisher's lines at the end, which name the source instead.
example="$DOSSIER_SOURCE_DIR/examples/20-shangri-la-defence-talks-commentary-2024-hant.pdf"
exspec="$specs/example-20-shangri-la-commentary-hant.txt"
DOSSIER_DB="$WORK/ex.db" "$DOSSIER_BIN" ingest "$example" 2>"$WORK/ex.err"
check "example ingested" contains "$WORK/ex.err" "ingested 1, updated 0"
DOSSIER_DB="$WORK/ex.db" "$DOSSIER_BIN" show "$example" --json >"$WORK/ex.json"
DOSSIER_DB="$WORK/ex.db" "$DOSSIER_BIN" show "$example" >"$WORK/ex.json.txt"
spec_paras "$exspec" | awk '{ line[NR] = $0 } END { for (i = 1; i <= NR - 4; i++) print line[i] }' >"$WORK/ex.want"
doc_paras "$WORK/ex.json" >"$WORK/ex.got"
check "example: paragraphs" cmp -s "$WORK/ex.want" "$WORK/ex.got"
check "example: title" contains "$WORK/ex.json" "\"title\":\"$(spec_field "$exspec" title)\""
check "example: author" contains "$WORK/ex.json" "\"author\":\"$(spec_field "$exspec" author)\""
check "example: source from the editor's note" contains "$WORK/ex.json" '"source":"觀瀾政策研究院"'
check "example: published from the metadata" contains "$WORK/ex.json" '"published":"2024-06-14T02:00:00Z"'

# A batch with broken PDFs beside a good one.
bad="$WORK/bad"
mkdir -p "$bad"
cp "$in/hant.pdf" "$bad/good.pdf"
size=$(wc -c <"$in/hans.pdf")
head -c $((size / 2)) "$in/hans.pdf" >"$bad/truncated.pdf"
mkpdf --image-only "$hans" "$bad/scan.pdf"
mkpdf --encrypted "$bad/locked.pdf"
printf '%%PDF-1.7\n%%\342\343\317\323\nnothing else\n' >"$bad/header-only.pdf"
dossier ingest "$bad" >"$WORK/bad.out" 2>"$WORK/bad.err"
status=$?
cat "$WORK/bad.err"
check "batch exit status is 1" equals "$status" 1
check "truncated PDF named" contains "$WORK/bad.err" "$bad/truncated.pdf: broken PDF"
check "header-only PDF named" contains "$WORK/bad.err" "$bad/header-only.pdf: broken PDF"
check "image-only PDF named" contains "$WORK/bad.err" "$bad/scan.pdf: PDF without a text layer"
check "encrypted PDF named" contains "$WORK/bad.err" "$bad/locked.pdf: encrypted PDF"
check "the good PDF stored" contains "$WORK/bad.err" "ingested 1, updated 0, unchanged 0, duplicates 0, failed 4"
check "one line per bad file" equals "$(grep -c '^dossier: ' "$WORK/bad.err")" 4
check "nothing from poppler on stderr" equals "$(grep -c . "$WORK/bad.err")" 5
check "nothing on stdout" equals "$(wc -c <"$WORK/bad.out")" 0
check "archive sound" dossier check
finish
