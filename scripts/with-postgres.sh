#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then stop and delete the cluster.
#
#   scripts/with-postgres.sh <command> [args...]
#
# The cluster lives in a fresh temporary folder and listens only on a Unix socket there (no TCP
# port, no system service), so it cannot clash with another PostgreSQL on the machine. The command
# runs with DATABASE_URL pointing at an empty database "contained" owned by the superuser
# "postgres" (trust authentication: nothing else can reach the socket). When run as root, the
# server runs as the "postgres" system user, which Debian's postgresql package creates.
#
# Needs PostgreSQL's server programs: `apt-get install postgresql` on Debian and Ubuntu (they live
# in /usr/lib/postgresql/<version>/bin), or initdb and pg_ctl on the PATH. PG_BIN overrides.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$PG_BIN" ]]; then
    PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  fi
fi
if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "PostgreSQL's initdb and pg_ctl were not found (looked in /usr/lib/postgresql/*/bin and PATH)." >&2
  echo "Install them with: sudo apt-get install -y postgresql   (or set PG_BIN=/path/to/bin)" >&2
  exit 1
fi

PORT=${PG_TEST_PORT:-54329}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/contained-pg.XXXXXX")
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "Running as root, but there is no 'postgres' user to run the server as." >&2
    rmdir "$DIR"
    exit 1
  fi
  chown postgres: "$DIR"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') in $DIR (socket only)"
"${as_owner[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
  cat "$DIR/initdb.log" >&2
  exit 1
}
# Durability is pointless for a throwaway cluster; without fsync the test suite runs much faster.
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
  -o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || {
  cat "$DIR/server.log" >&2
  exit 1
}
"${as_owner[@]}" "$PG_BIN/createdb" -h "$DIR" -p "$PORT" -U postgres contained

# The socket folder goes in the URL's host part, percent-encoded.
SOCKET=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$DIR")
export DATABASE_URL="postgres://postgres@${SOCKET}:${PORT}/contained"

status=0
"$@" || status=$?
exit $status
