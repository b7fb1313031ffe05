#!/usr/bin/env bash
# Installs the Debian packages cables needs to build, test and serve.
# Idempotent: installs only what is missing, and says nothing when all is there.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libxapian-dev xapian-tools xapian-omega
    libpcre2-dev zlib1g-dev libcmocka-dev
    iso-codes libgeonames-dev
    libsqlite3-dev sqlite3
    lighttpd curl wrk chromium
    valgrind clang libclang-rt-14-dev clang-tidy cppcheck
    time strace
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 2
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
