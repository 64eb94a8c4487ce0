#!/bin/sh
# Consistency check of the story test set; run from the repository root:
#   sh tests/data/stories/check.sh [path/to/dossier]
# Every PATH in gold.tsv exists, every file in docs/ is in gold.tsv once, every document
# address in docs/ is distinct (from each other and from examples/), every story named in
# hard_negatives.tsv is labelled somewhere. Prints the counts. With a dossier binary, also
# ingests docs/ into a scratch archive and requires every file to be "ingested".
set -u
dir=tests/data/stories
fail=0
err() { echo "check: $*" >&2; fail=1; }

grep -v '^#' "$dir/gold.tsv" | cut -f1 > /tmp/stories-gold-paths.$$
while read -r p; do [ -f "$p" ] || err "gold.tsv: $p does not exist"; done < /tmp/stories-gold-paths.$$
for f in "$dir"/docs/*; do
	n=$(grep -cxF "$f" /tmp/stories-gold-paths.$$)
	[ "$n" = 1 ] || err "$f is in gold.tsv $n times"
done
dups=$(grep -h '^\[.*\](https\{0,1\}://[^)]*)$' "$dir"/docs/* examples/*.txt examples/*.md |
	sed 's/.*](\(.*\))$/\1/' | sort | uniq -d)
[ -z "$dups" ] || err "addresses used twice: $dups"
[ "$(ls "$dir"/docs | wc -l)" = "$(for f in "$dir"/docs/*; do sed -n 2p "$f"; done | grep -c '^\[.*\](https://.*)$')" ] ||
	err "a file in docs/ has no [title](url) line"
{ grep -v '^#' "$dir/gold.tsv" | cut -f2; grep -v '^#' "$dir/gold-feed-items.tsv" | cut -f3; } |
	sort -u > /tmp/stories-labels.$$
grep -v '^#' "$dir/hard_negatives.tsv" | cut -f1,2 | tr '\t' '\n' | sort -u |
	while read -r s; do grep -qxF "$s" /tmp/stories-labels.$$ || echo "$s"; done > /tmp/stories-unknown.$$
[ -s /tmp/stories-unknown.$$ ] && err "hard_negatives.tsv names unknown stories: $(tr '\n' ' ' < /tmp/stories-unknown.$$)"
rm -f /tmp/stories-gold-paths.$$ /tmp/stories-labels.$$ /tmp/stories-unknown.$$

# counts over gold.tsv (documents with a path; feed items not counted)
awk -F'\t' '
	FNR == 1 { file++ }
	/^#/ { next }
	file == 1 { hn[$1 "\t" $2] = 1; hn[$2 "\t" $1] = 1; next }
	{ story[++n] = $2; size[$2]++; kind[$3]++ }
	END {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
			if (story[i] == story[j]) pos++; else { neg++; if ((story[i] "\t" story[j]) in hn) hard++ }
		}
		for (s in size) { stories++; if (size[s] > 1) multi++ }
		printf "documents %d, stories %d (%d with more than one document)\n", n, stories, multi
		printf "document pairs: positive %d, negative %d, of them hard-negative %d\n", pos, neg, hard
		for (k in kind) printf "  %-14s %d\n", k, kind[k]
	}' "$dir/hard_negatives.tsv" "$dir/gold.tsv"
printf 'hard-negative story pairs %d\n' "$(grep -vc '^#' "$dir/hard_negatives.tsv")"

if [ $# -ge 1 ]; then
	db=$(mktemp -u /tmp/stories-check.XXXXXX.db)
	"$1" --db "$db" ingest --json "$dir/docs" > "$db.out" 2> "$db.err"
	bad=$(grep -a '"path"' "$db.out" | grep -avc '"status":"ingested"')
	[ "$bad" = 0 ] || { err "$bad files not ingested:"; grep -a '"path"' "$db.out" | grep -av '"status":"ingested"' >&2; }
	[ "$(grep -a '"path"' "$db.out" | wc -l)" = "$(ls "$dir"/docs | wc -l)" ] || err "ingest did not report every file"
	grep -aq 'duplicates 0, failed 0' "$db.err" || { err "ingest:"; cat "$db.err" >&2; }
	rm -f "$db" "$db-wal" "$db-shm" "$db.out" "$db.err"
fi
[ $fail = 0 ] && echo "check: ok"
exit $fail
