#!/bin/sh
# Main-text extraction on the real article pages in ../shared/fixtures/real
# (BBC 2012, Xinhua 2023, China Daily 2023, Tencent 2016 mislabelled
# gb2312, a GB18030 sina page without a declaration, Hexun's maintenance
# page).  The gold is kept as XPath references into the fixtures
# (tests/data/pages/real/*.gold), so no fixture text is copied here;
# page_eval runs the whole ingest pipeline and fails on F1 < 0.9, a wrong
# title or date, or an article found on the maintenance page.
real="${DOSSIER_SHARED:-}/fixtures/real"
[ -n "${DOSSIER_SHARED:-}" ] && [ -d "$real" ] || { echo "skip: $real not found"; exit 77; }
: "${DOSSIER_TOOLS:?set DOSSIER_TOOLS to the folder of the test tools}"
gold="${DOSSIER_SOURCE_DIR:-$(dirname "$0")/../..}/tests/data/pages/real"
exec "$DOSSIER_TOOLS/page_eval" --pages "$real" --min-f1 0.9 "$gold"/*.gold
