#!/usr/bin/env bash
# The restore drill (README §Backups, docs/deployment.md §Backups and the restore drill), scripted: restore a
# backup made by `manage.py backup` into a scratch PostgreSQL database and a scratch media folder, then check
# it: row counts against the manifest (restore does), migrations, every personal value readable under the
# current key (`crypto status`), the event chain and the appeals' records (`audit verify`). The scratch
# database and folder are removed at the end, also on failure.
#
#   deploy/restore-drill.sh /backups/mashangdu-20261130-0130 [--anchor SEQ:HASH]
#   deploy/restore-drill.sh --fresh [--anchor SEQ:HASH]      # takes a backup now, then drills it
#
# Environment: as the services' (/etc/mashangdu.env: PERSONAL_DATA_KEY, SECRET_KEY…), with DATABASE_URL
# naming the production database: the scratch database is created beside it on the same server
# (DRILL_DB, default msd_drill_<time>), so the role needs CREATEDB. Nothing is written to DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
: "${DATABASE_URL:?DATABASE_URL must name the production PostgreSQL database}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) echo "restore-drill.sh is for PostgreSQL" >&2; exit 2 ;; esac

SOURCE="" ANCHOR=() FRESH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) FRESH=1 ;;
    --anchor) ANCHOR=(--anchor "$2"); shift ;;
    *) SOURCE=$1 ;;
  esac
  shift
done
[ -n "$SOURCE" ] || [ "$FRESH" = 1 ] || { echo "usage: $0 BACKUP_DIR | --fresh [--anchor SEQ:HASH]" >&2; exit 2; }

DRILL_DB=${DRILL_DB:-msd_drill_$(date +%Y%m%d%H%M%S)}
SERVER=${DATABASE_URL%/*}
DRILL_URL=$SERVER/$DRILL_DB
WORK=$(mktemp -d "${TMPDIR:-/tmp}/msd-drill.XXXXXX")
CREATED=0
T0=$(date +%s)

step() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - T0))"; }
cleanup() {
  local status=$?
  set +e
  step "teardown"
  [ "$CREATED" = 1 ] && psql "$SERVER/postgres" -XAtq -c "drop database if exists $DRILL_DB with (force)" \
    && echo "scratch database $DRILL_DB dropped"
  rm -rf "$WORK" && echo "scratch folder removed"
  if [ "$status" -eq 0 ]; then echo "DRILL PASSED in $(($(date +%s) - T0)) s"; else echo "DRILL FAILED (exit $status)"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$FRESH" = 1 ]; then
  step "backup of the production database (manage.py backup)"
  SOURCE=$WORK/backup
  "$PY" manage.py backup --dest "$SOURCE"
fi
[ -f "$SOURCE/manifest.json" ] || { echo "$SOURCE has no manifest.json" >&2; exit 2; }

step "scratch database $DRILL_DB and media folder"
psql "$SERVER/postgres" -XAtq -c "create database $DRILL_DB"
CREATED=1
export DATABASE_URL=$DRILL_URL MEDIA_ROOT=$WORK/media
unset REPLICA_DATABASE_URL  # the drill reads and writes the scratch database only
mkdir -p "$MEDIA_ROOT"

step "restore $SOURCE"
"$PY" manage.py restore "$SOURCE"

step "migrate (a backup older than the code)"
"$PY" manage.py migrate --no-input -v1

step "personal data readable under the current key (crypto status)"
"$PY" manage.py crypto status

step "the event chain and the appeals' records (audit verify ${ANCHOR[*]})"
"$PY" manage.py audit verify "${ANCHOR[@]}"
