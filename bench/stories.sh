#!/bin/sh
# What story grouping costs at ingest, at each size given (default 100000):
#   bench/stories.sh [--on-only] [SIZE...]
# Runs build/tests/stories_bench (STORIES_BENCH names another binary) with
# grouping on and, unless --on-only, off, on synthetic documents (see the
# tool's header), and prints one table row per run.  Each run writes a
# temporary archive under /var/tmp and removes it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${STORIES_BENCH:-$here/../build/tests/stories_bench}
[ -x "$bin" ] || { echo "stories.sh: $bin not built (run make build)" >&2; exit 2; }
modes="on off"
if [ "${1:-}" = --on-only ]; then
    modes=on
    shift
fi
[ $# -gt 0 ] || set -- 100000

echo "| docs | grouping | s | docs/s | ms/doc, last 10% | peak RSS MiB | archive MiB | stories | of ≥2 | pair precision | pair recall |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
    for mode in $modes; do
        if [ "$mode" = off ]; then
            line=$("$bin" "$n" --off)
        else
            line=$("$bin" "$n")
        fi
        # docs N grouping M seconds S docs_per_s R last10_ms_per_doc L peak_rss_mib P
        # archive_mib A stories K multi M true_pairs T pair_precision X pair_recall Y
        echo "$line" | awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            $2, $4, $6, $8, $10, $12, $14, $16, $18, $22, $24 }'
    done
done
