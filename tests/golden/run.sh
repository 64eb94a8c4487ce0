#!/bin/sh
# Golden tests for the command line.  Each folder under tests/golden/ is a
# case:
#   cmd      shell commands, run in an empty temporary folder with
#            $DOSSIER (the binary), $EXAMPLES (examples/) and
#            DOSSIER_DB=./test.db set
#   stdout   expected standard output
#   stderr   expected standard error
#   status   expected exit status of the last command
# Run with UPDATE=1 to rewrite the expected files from what the commands
# print now (then read the diff before committing it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${DOSSIER_BIN:?set DOSSIER_BIN to the dossier binary}"
export DOSSIER="$DOSSIER_BIN"
export EXAMPLES="${DOSSIER_SOURCE_DIR:-$here/../..}/examples"
failed=0 passed=0

for case in "$here"/*/; do
    name=$(basename "$case")
    [ -f "$case/cmd" ] || continue
    work=$(mktemp -d)
    (cd "$work" && DOSSIER_DB=./test.db sh "$case/cmd" >"$work/.out" 2>"$work/.err"; echo $? >"$work/.status")
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$work/.out" "$case/stdout"; cp "$work/.err" "$case/stderr"; cp "$work/.status" "$case/status"
        echo "updated $name"
    else
        ok=1
        for part in stdout stderr status; do
            got="$work/.${part#std}"   # stdout -> .out, stderr -> .err, status -> .status
            if ! diff -u "$case/$part" "$got" >"$work/.diff" 2>&1; then
                sed "s|^|  $name/$part: |" "$work/.diff" | head -40
                ok=0
            fi
        done
        if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
    fi
    rm -rf "$work"
done
echo "golden: $passed passed, $failed failed"
[ $failed = 0 ] && [ $passed -gt 0 ] || [ "${UPDATE:-}" = 1 ]
