#!/bin/sh
# The container image's build steps (see Dockerfile): install, compile, keep
# only what runs. Usage: container-build.sh SOURCE_DIR INSTALL_DIR
set -eu
src=$1
dst=$2
cd "$src"
# cap's native binding builds against libpcap here (and the patch adds pcap_stats)
npm ci --no-audit --no-fund --prefer-offline
npm run build
node -e "require('cap')"
# better-sqlite3 (the --state database) compiles its bundled SQLite here
node -e "require('better-sqlite3')"
npm prune --omit=dev --no-audit --no-fund
mkdir -p "$dst"
cp -R package.json bin node_modules README.md LICENSE "$dst"/
mkdir -p "$dst/dist" "$dst/fixtures"
cp -R dist/src "$dst/dist/src"
cp -R dist/bundle "$dst/dist/bundle"
cp fixtures/demo-lvs-dr.pcap fixtures/demo-lvs-dr.expect.json "$dst/fixtures/"
# the installed tree runs on its own
cd "$dst"
node bin/arpaudit.js --version
node bin/arpaudit.js check fixtures/demo-lvs-dr.pcap --expect fixtures/demo-lvs-dr.expect.json --fail-on none >/dev/null
