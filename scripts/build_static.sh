#!/usr/bin/env bash
# Copy the front-end packages from npm (package-lock.json) into static/vendor/ (gitignored).
# Runs `npm ci` only when node_modules is missing or older than package-lock.json. Idempotent.
#
#   static/vendor/dkfds/{css,fonts,img,js}   Det Fælles Designsystem (CSS keeps its ../fonts, ../img urls)
#   static/vendor/htmx/htmx.min.js
# Test libraries (axe-core) are never served: the browser tests load axe from node_modules or from
# the axe-playwright-python package. A static/vendor/axe-core left by an older version is removed.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$KT_ROOT"

if ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm || die "npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)."
fi

# npm ci writes node_modules/.package-lock.json; a newer package-lock.json means "install again".
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	log "Installing front-end packages (npm ci)"
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json
fi

dkfds=node_modules/dkfds/dist
for required in \
	"$dkfds/css/dkfds.min.css" "$dkfds/js/dkfds.min.js" "$dkfds/fonts" "$dkfds/img" \
	node_modules/htmx.org/dist/htmx.min.js; do
	[ -e "$required" ] || die "$required not found: did a package version change? (rm -rf node_modules and retry)"
done

# Build in a scratch directory outside static/ (so a half-built tree is never collected),
# then swap each package directory in.
mkdir -p var static/vendor
build="$(mktemp -d "$KT_ROOT/var/.vendor-build.XXXXXX")"
trap 'rm -rf "$build"' EXIT

mkdir -p "$build/dkfds/css" "$build/dkfds/js" "$build/htmx"
# The minified files name their source maps; ManifestStaticFilesStorage (collectstatic in
# production) fails on a referenced file that is missing, so the .map files come along.
cp "$dkfds/css/dkfds.min.css" "$build/dkfds/css/"
[ ! -f "$dkfds/css/dkfds.min.css.map" ] || cp "$dkfds/css/dkfds.min.css.map" "$build/dkfds/css/"
cp "$dkfds/js/dkfds.min.js" "$build/dkfds/js/"
[ ! -f "$dkfds/js/dkfds.min.js.map" ] || cp "$dkfds/js/dkfds.min.js.map" "$build/dkfds/js/"
cp -R "$dkfds/fonts" "$build/dkfds/fonts"
cp -R "$dkfds/img" "$build/dkfds/img"
cp node_modules/htmx.org/dist/htmx.min.js "$build/htmx/"
# Licence texts travel with the files we serve.
[ ! -f "$dkfds/LICENSE.md" ] || cp "$dkfds/LICENSE.md" "$build/dkfds/"
[ ! -f node_modules/htmx.org/LICENSE ] || cp node_modules/htmx.org/LICENSE "$build/htmx/"

for package in dkfds htmx; do
	rm -rf "static/vendor/$package"
	mv "$build/$package" "static/vendor/$package"
done
rm -rf static/vendor/axe-core

log "Front-end packages copied into static/vendor/ (dkfds, htmx)"
