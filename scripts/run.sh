#!/usr/bin/env bash
# make run: Kerneteam on the development server with embedded defaults and demo data.
#
#   .venv (created/updated when needed) -> static/vendor -> compilemessages -> migrate ->
#   seed_demo (prints the demo log-ins) -> runserver on http://127.0.0.1:${PORT:-8000}/
#
# Defaults: DJANGO_DEBUG=1, SQLite in var/kerneteam.sqlite3, Celery tasks run eagerly (no REDIS_URL).
# DATABASE_URL / REDIS_URL from the environment are respected when set.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$KT_ROOT"

port="${PORT:-8000}"

ensure_venv
build_static
# WeasyPrint (PDFs) needs pango; compilemessages needs gettext's msgfmt. Installed when root.
ensure_debian_packages gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

export DJANGO_DEBUG=1
export DJANGO_SETTINGS_MODULE=config.settings
mkdir -p var
python="$KT_VENV/bin/python"

if [ -d locale ]; then
	if command -v msgfmt >/dev/null 2>&1; then
		log "Compiling translations"
		"$python" manage.py compilemessages --ignore=.venv --ignore=node_modules
	else
		warn "gettext (msgfmt) is missing: translations not compiled."
	fi
fi

log "Migrating the database"
"$python" manage.py migrate --noinput
log "Seeding demo data"
"$python" manage.py seed_demo

echo
echo "Kerneteam is running at http://127.0.0.1:${port}/  (Ctrl-C to stop)"
echo
exec "$python" manage.py runserver "127.0.0.1:${port}"
