#!/bin/sh
# Checks data/aliases.tsv (the alias and gazetteer file; format in its header).
#
#   scripts/check-aliases.sh [--no-opencc] [FILE]     FILE defaults to data/aliases.tsv
#
# Errors (exit status 1):
#   - a line that is not exactly four TAB-separated fields, or has a CR;
#   - an id that is not a lowercase ASCII slug, or is used twice;
#   - a type other than person, org, place, forum;
#   - empty forms, an empty item in forms or context (a||b, a trailing |),
#     an item with leading or trailing spaces, a form listed twice in an entry;
#   - a generic word (國防部, 總統, ...) used as a form;
#   - a form shared by several entries where one of them has no context;
#   - with opencc installed: a Chinese form whose Simplified spelling (opencc
#     t2s) is not also listed in the same entry.
# It prints the number of entries per type and every form that occurs in more
# than one entry, with the entries.  Forms are compared folded: ASCII case,
# runs of spaces and punctuation (also · ‧ ・) as one space, and, when opencc is
# available, Traditional -> Simplified.  POSIX sh and awk; opencc is optional.
set -u
LC_ALL=C
export LC_ALL

use_opencc=1
if [ "${1-}" = "--no-opencc" ]; then
	use_opencc=0
	shift
fi
case ${1-} in
-h | --help)
	sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac
if [ $# -gt 1 ]; then
	echo "usage: $0 [--no-opencc] [FILE]" >&2
	exit 2
fi
file=${1:-$(dirname "$0")/../data/aliases.tsv}
if [ ! -r "$file" ]; then
	echo "check-aliases: $file: cannot read" >&2
	exit 2
fi

if [ "$use_opencc" = 1 ]; then
	if ! command -v opencc >/dev/null 2>&1; then
		use_opencc=0
	elif [ "$(printf '臺灣\n' | opencc -c t2s.json 2>/dev/null)" != "台湾" ]; then
		use_opencc=0
	fi
	[ "$use_opencc" = 1 ] ||
		echo "check-aliases: note: opencc (t2s.json) not available; script pairs not checked, folding without T->S" >&2
fi

tmp=${TMPDIR:-/tmp}/check-aliases.$$
mkdir "$tmp" || exit 2
trap 'rm -rf "$tmp"' 0
trap 'exit 2' 1 2 15

# Pass 1: structure.  Writes one "line<TAB>id<TAB>has-context<TAB>form" row per
# form to $tmp/forms for pass 2; prints errors; exit status 1 if any.
awk -F '\t' -v forms="$tmp/forms" '
function err(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg; nerr++ }
function items(s, what, arr,    n, i, seen) {
	n = split(s, arr, "|")
	for (i = 1; i <= n; i++) {
		if (arr[i] == "") { err(what " has an empty item"); continue }
		if (arr[i] ~ /^[ ]/ || arr[i] ~ /[ ]$/)
			err(what " item \"" arr[i] "\" has leading or trailing spaces")
		if ((what, arr[i]) in seen) err(what " lists \"" arr[i] "\" twice")
		seen[what, arr[i]] = 1
	}
	return n
}
BEGIN {
	split("國防部 国防部 國防部長 国防部长 防長 防长 總統 总统 副總統 副总统 " \
	      "總理 总理 首相 主席 國家主席 国家主席 外交部 外交部長 外交部长 外長 外长 " \
	      "國務卿 国务卿 大使 發言人 发言人 商務部 商务部 財政部 财政部 財長 财长 " \
	      "國安會 国安会 總統府 总统府 民主黨 民主党 議長 议长 司令 司令員 司令员 " \
	      "國家安全顧問 国家安全顾问 參謀長 参谋长", g, " ")
	for (i in g) generic[g[i]] = 1
	valid["person"] = valid["org"] = valid["place"] = valid["forum"] = 1
}
/\r/ { err("carriage return (use LF line ends)") }
/^#/ || /^[ \t\r]*$/ { next }
{
	if (NF != 4) { err("expected 4 TAB-separated fields (id, type, forms, context), found " NF); next }
	id = $1; type = $2; nent++
	if (id !~ /^[a-z0-9]+(-[a-z0-9]+)*$/) err("id \"" id "\" is not a lowercase ASCII slug")
	if (id in line) err("id \"" id "\" already used on line " line[id])
	else line[id] = FNR
	if (!(type in valid)) err("type \"" type "\" is not one of person, org, place, forum")
	else count[type]++
	if ($3 == "") { err("no forms"); next }
	n = items($3, "forms", f)
	if ($4 != "") items($4, "context", c)
	for (i = 1; i <= n; i++) {
		if (f[i] == "") continue
		if (f[i] in generic) err("generic word \"" f[i] "\" used as a form")
		printf "%d\t%s\t%d\t%s\n", FNR, id, ($4 != ""), f[i] > forms
	}
}
END {
	if (nent == 0) { printf "%s: no entries\n", FILENAME; exit 1 }
	printf "entries: %d (person %d, org %d, place %d, forum %d)\n", nent,
	    count["person"], count["org"], count["place"], count["forum"]
	exit (nerr > 0)
}' "$file"
status=$?
[ -s "$tmp/forms" ] || exit 1

# Pass 2: the Simplified spelling of each form (itself without opencc).
cut -f4 "$tmp/forms" >"$tmp/plain"
if [ "$use_opencc" = 1 ]; then
	opencc -c t2s.json -i "$tmp/plain" -o "$tmp/simp" || exit 2
	if [ "$(wc -l <"$tmp/plain")" -ne "$(wc -l <"$tmp/simp")" ]; then
		echo "check-aliases: opencc changed the number of lines" >&2
		exit 2
	fi
else
	cp "$tmp/plain" "$tmp/simp"
fi
paste "$tmp/forms" "$tmp/simp" >"$tmp/pairs"

# Pass 3: shared forms and script pairs.
awk -F '\t' -v file="$file" -v opencc="$use_opencc" '
function fold(s) {
	s = tolower(s)
	gsub(/·|‧|・|．|　|–|—/, " ", s)
	gsub(/[[:space:][:punct:]]+/, " ", s)
	sub(/^ /, "", s); sub(/ $/, "", s)
	return s
}
{
	ln = $1; id = $2; hasctx[id] = $3; form = $4; simp = $5
	listed[id, form] = 1
	if (opencc && simp != form) want[++nw] = ln "\t" id "\t" form "\t" simp
	k = fold(simp)
	if (k == "") { printf "%s:%d: %s: form \"%s\" folds to nothing\n", file, ln, id, form; nerr++; next }
	if (!((k, id) in seen)) {
		seen[k, id] = 1
		v = (k in ids) ? ids[k] " " id : id
		ids[k] = v
		nids[k]++
	}
	if (!((k, form) in sf)) {
		sf[k, form] = 1
		v = (k in spell) ? spell[k] "|" form : form
		spell[k] = v
	}
}
END {
	for (i = 1; i <= nw; i++) {
		split(want[i], w, "\t")
		if (!((w[2], w[4]) in listed)) {
			printf "%s:%d: %s: \"%s\" is listed but its Simplified form \"%s\" is not\n", file, w[1], w[2], w[3], w[4]
			nerr++
		}
	}
	nshared = 0
	for (k in nids) if (nids[k] > 1) list[++nshared] = k
	# insertion sort, for a stable report
	for (i = 2; i <= nshared; i++) {
		v = list[i]
		for (j = i - 1; j >= 1 && list[j] > v; j--) list[j + 1] = list[j]
		list[j + 1] = v
	}
	printf "forms shared by more than one entry: %d\n", nshared
	for (i = 1; i <= nshared; i++) {
		k = list[i]
		printf "  %s  [%s]: %s\n", k, spell[k], ids[k]
		n = split(ids[k], e, " ")
		for (j = 1; j <= n; j++)
			if (!hasctx[e[j]]) {
				printf "%s: %s shares \"%s\" but has no context\n", file, e[j], k
				nerr++
			}
	}
	exit (nerr > 0)
}' "$tmp/pairs" || status=1

if [ "$status" -eq 0 ]; then
	echo "ok"
else
	echo "check-aliases: errors found" >&2
fi
exit "$status"
