#!/usr/bin/env bash
# make bench-load: the load run at national scale (issue 12). Needs PostgreSQL (DATABASE_URL, as
# for the tests) and Redis (REDIS_URL). Creates (again) the database kt_load (or BENCH_LOAD_DB),
# migrates it, fills one municipality with 10 x BENCH_FAMILIES families (default 10,000), serves
# it with gunicorn (3 workers, DEBUG off) and runs locust headless: 50 users (40 caseworkers,
# 10 coordinators), BENCH_LOAD_SECONDS (60) s. Prints RPS, errors, p50/p95/p99 per page and total.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$KT_ROOT"

: "${DATABASE_URL:?DATABASE_URL (postgres://...) is needed}"
db="${BENCH_LOAD_DB:-kt_load}"
port="${BENCH_LOAD_PORT:-8765}"
seconds="${BENCH_LOAD_SECONDS:-60}"
base="${DATABASE_URL%/*}"
work="$(mktemp -d)"

export DATABASE_URL="$base/$db"
export DJANGO_SETTINGS_MODULE=config.settings
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-load-only DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOW_ASYNC_UNSAFE=true
export BENCH_LOAD_USERS="$work/users.json"

echo "==> Database $db (again), migrations, data (10 x ${BENCH_FAMILIES:-1000} families)"
psql "$base/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"$KT_VENV/bin/python" manage.py migrate -v 0
DJANGO_SETTINGS_MODULE=config.settings "$KT_VENV/bin/python" tests/perf/load_data.py "$BENCH_LOAD_USERS"
psql "$DATABASE_URL" -q -c "ANALYZE" 2>/dev/null  # (system catalogues need a superuser: skipped)

echo "==> gunicorn on 127.0.0.1:$port, locust: 50 users for ${seconds}s"
# Test settings with DEBUG off: no collected static files needed, fast password hashes.
DJANGO_SETTINGS_MODULE=config.settings_test "$KT_VENV/bin/gunicorn" config.wsgi -w 3 -b "127.0.0.1:$port" --log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 4
"$KT_VENV/bin/locust" -f tests/perf/locustfile.py --headless -u 50 -r 10 -t "${seconds}s" \
	-H "http://127.0.0.1:$port" --only-summary --csv "$work/load" || true
echo
echo "==> Totals (RPS, failures, p50/p95/p99 ms)"
column -s, -t < "$work/load_stats.csv" | cut -c1-200
