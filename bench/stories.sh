#!/bin/sh
# What story grouping costs at ingest, at each size given (default 100000):
#   bench/stories.sh [--on-only] [--days D] [SIZE...]
# Runs build/tests/stories_bench (STORIES_BENCH names another binary) with
# grouping on and, unless --on-only, off, on synthetic documents (see the
# tool's header) published over three years (or D days), and prints one
# table row per run.  Each run writes a temporary archive under /var/tmp
# and removes it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${STORIES_BENCH:-$here/../build/tests/stories_bench}
[ -x "$bin" ] || { echo "stories.sh: $bin not built (run make build)" >&2; exit 2; }
modes="on off"
days=1095
while [ $# -gt 0 ]; do
    case "$1" in
    --on-only) modes=on; shift ;;
    --days) days=$2; shift 2 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- 100000

echo "| docs | days | grouping | s | docs/s | ms/doc, last 10% | peak RSS MiB | archive MiB | stories | of ≥2 | pair precision | pair recall | CPU s |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
    for mode in $modes; do
        if [ "$mode" = off ]; then
            line=$("$bin" "$n" --days "$days" --off)
        else
            line=$("$bin" "$n" --days "$days")
        fi
        # docs N days D grouping M seconds S docs_per_s R last10_ms_per_doc L
        # peak_rss_mib P archive_mib A stories K multi M true_pairs T
        # pair_precision X pair_recall Y cpu_seconds C
        echo "$line" | awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            $2, $4, $6, $8, $10, $12, $14, $16, $18, $20, $24, $26, $28 }'
    done
done
