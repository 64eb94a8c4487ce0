# Helpers for the command-line test scripts (sourced, not run).
: "${DOSSIER_BIN:?set DOSSIER_BIN to the dossier binary}"
WORK=$(mktemp -d)
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
export DOSSIER_DB="$WORK/test.db"
failures=0
checks=0

dossier() { "$DOSSIER_BIN" "$@"; }

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
    desc=$1; shift
    checks=$((checks + 1))
    if "$@"; then :; else echo "FAIL: $desc"; failures=$((failures + 1)); fi
}

# contains FILE TEXT: FILE holds TEXT literally.
contains() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
equals() { [ "$1" = "$2" ] || { echo "  expected '$2', got '$1'"; return 1; }; }

# A feed-archive record written here, in our own words.
# make_record FILE MS URL TITLE BODY_HTML
make_record() {
    printf '<!--%s-->\n[%s](%s)\n------\n\n<div><i><br>2024-05-31T08:00:00.000Z</i></div>%s\n' \
        "$2" "$4" "$3" "$5" >"$1"
}

doc_count() { dossier stats --json | sed 's/.*"documents":\([0-9]*\).*/\1/'; }

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ] && [ "$checks" -gt 0 ]
}
