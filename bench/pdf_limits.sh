#!/bin/sh
# What one PDF may cost at ingest (issue 14, item 6): time and peak memory
# of `dossier ingest` on hostile and on ordinary PDFs, each alone in a
# fresh archive under /usr/bin/time -v (whose peak RSS is that of the
# largest process: dossier or the PDF reader child it waits for).
#
#   bench/pdf_limits.sh [--bin DOSSIER] [--before DOSSIER] [--tools DIR]
#                       [--copies N] [--timeout S] [--keep DIR]
#
# The PDFs, made here: `bomb` (tests/tools/pdfbomb --bomb 1024: a 9 MB
# PDF whose one content stream inflates to 1 GiB of text-showing
# operators), `pages5000` (5,000 small pages), `dense1100` (1,100 pages of
# 8,000 characters: past the 8 MiB text cap), `pages3` (3 small pages),
# `hant` and `hans` (tests/data/pdf specs through tests/tools/mkpdf, 5 and
# 4 pages of Chinese text) and `example` (examples/20-*.pdf).  A row per
# PDF and binary: wall-clock and CPU seconds (user+system, the child's
# included: on a shared machine the fairer figure), peak RSS, exit status
# and the first line on stderr.  Then the cost of the reader child itself:
# N copies of each ordinary PDF in one ingest run (the copies are parsed,
# then found duplicate), CPU seconds a PDF with --bin and with --before.
# --before gives the binary to compare with (one built from the commit
# before the child reader); runs of it are cut at --timeout seconds
# (default 300).  --keep DIR keeps the PDFs and archives there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$here/..
bin=$src/build/dossier
before=
tools=
copies=100
limit=300
keep=
while [ $# -gt 0 ]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$tools" ] || tools=$(dirname "$bin")/tests
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }
if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
pdfs=$work/pdf
mkdir -p "$pdfs"

"$tools/pdfbomb" --bomb 1024 "$pdfs/bomb.pdf"
"$tools/pdfbomb" --pages 5000 "$pdfs/pages5000.pdf"
"$tools/pdfbomb" --dense 1100 8000 "$pdfs/dense1100.pdf"
"$tools/pdfbomb" --pages 3 "$pdfs/pages3.pdf"
"$tools/mkpdf" "$src/tests/data/pdf/defence-talks-hant.txt" "$pdfs/hant.pdf" 2>/dev/null
"$tools/mkpdf" "$src/tests/data/pdf/military-channels-hans.txt" "$pdfs/hans.pdf" 2>/dev/null
cp "$src"/examples/20-*.pdf "$pdfs/example.pdf"

# run LABEL BINARY PATH: one ingest into a fresh archive, one table row.
run() {
    label=$1 exe=$2 path=$3
    db=$work/$label.db
    rm -f "$db" "$db-wal" "$db-shm"
    set +e
    DOSSIER_DB=$db timeout -s KILL "$limit" /usr/bin/time -v "$exe" ingest --quiet "$path" \
        >/dev/null 2>"$work/$label.err"
    status=$?
    set -e
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$label.err" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/$label.err")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$label.err")
    why=$(grep -m1 '^dossier: ' "$work/$label.err" | sed 's/^dossier: [^ ]*: //' || true)
    if [ "$status" -eq 137 ]; then
        wall=">$limit" cpu=- rss=- why="killed by the bench after $limit s"
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$wall" "$cpu" "$rss" "$status" "${why:-stored}"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PDFs: $(cd "$pdfs" && for f in *.pdf; do printf '%s %s B; ' "$f" "$(wc -c <"$f")"; done)"
echo
echo "| PDF, binary | wall s | CPU s | peak RSS MB | status | stderr |"
echo "|---|---:|---:|---:|---:|---|"
for name in bomb pages5000 dense1100 pages3 hant hans example; do
    run "$name, after" "$bin" "$pdfs/$name.pdf"
    if [ -n "$before" ]; then
        run "$name, before" "$before" "$pdfs/$name.pdf"
    fi
done

# The child's cost: many ordinary PDFs in one run.
echo
echo "| $copies copies of | CPU ms a PDF, after | before | wall ms a PDF, after | before |"
echo "|---|---:|---:|---:|---:|"
for name in pages3 hant example; do
    dir=$work/copies-$name
    mkdir -p "$dir"
    i=0
    while [ "$i" -lt "$copies" ]; do
        cp "$pdfs/$name.pdf" "$dir/$i.pdf"
        i=$((i + 1))
    done
    row="| $name"
    for exe in "$bin" "$before"; do
        if [ -z "$exe" ]; then
            row="$row | - | -"
            continue
        fi
        rm -f "$work/copies.db"*
        DOSSIER_DB=$work/copies.db /usr/bin/time -f '%e %U %S' -o "$work/copies.time" \
            "$exe" ingest --quiet "$dir" >/dev/null 2>&1 || true
        row="$row$(awk -v n="$copies" '{ printf " | %.1f | %.1f", ($2 + $3) * 1000 / n, $1 * 1000 / n }' "$work/copies.time")"
    done
    # columns in the header's order: CPU after, CPU before, wall after, wall before
    echo "$row" | awk -F' [|] ' '{ printf "%s | %s | %s | %s | %s |\n", $1, $2, $4, $3, $5 }'
done
