#!/bin/sh
# Installs the Debian 12 packages Dossier builds, tests and runs with, when
# any is missing.  Uses sudo when not root.  Safe to run again.
set -eu

PACKAGES="build-essential cmake pkg-config clang
libsqlite3-dev sqlite3 libxml2-dev libcurl4-openssl-dev
libopencc-dev opencc libicu-dev libjansson-dev libmicrohttpd-dev
libpoppler-glib-dev libglib2.0-dev libcairo2-dev fonts-wqy-microhei
libcmocka-dev valgrind chromium chromium-driver"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
