#!/usr/bin/env bash
# Rehearse the several-machines layout on one machine (docs/deployment.md §Rehearsal on one machine):
#   1. a streaming replica of the local PostgreSQL (pg_basebackup -R into var/rehearsal/replica, port 5433);
#   2. two app servers (gunicorn with deploy/gunicorn.conf.py, ports 8101 and 8102, production settings),
#      DATABASE_URL = the primary, REPLICA_DATABASE_URL = the replica;
#   3. checks: a ranking and a dashboard page read from the replica (its statement log and its counters), a
#      public submission (form opened on one app server, sent to the other) writes to the primary only and
#      reaches the replica by streaming;
#   4. teardown, also on failure or Ctrl-C: app servers stopped, replica stopped and its directory removed,
#      the replication slot and the rehearsal database dropped, a pg_hba line it added removed.
# Run as root (the replica runs as the postgres user) on a machine whose PostgreSQL trusts 127.0.0.1:
#   deploy/rehearse-replica.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
APP_PORTS=(${APP_PORTS:-8101 8102})
DB=${REHEARSAL_DB:-msd_deploy_rehearsal}
SLOT=msd_rehearsal
WORK=$ROOT/var/rehearsal
DATA=$WORK/replica
HBA_MARK="# added by deploy/rehearse-replica.sh"
HBA_FILE=""
PIDS=()

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }
on_primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -XAtq "$@"; }
on_replica() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -XAtq "$@"; }
# Committed transactions and rows returned in the rehearsal database, as the server counts them.
counters() { "on_$1" -d postgres -c "select xact_commit || ' ' || tup_returned from pg_stat_database where datname = '$DB'"; }

cleanup() {
  local status=$?
  set +e
  step "teardown"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ ${#PIDS[@]} -gt 0 ] && echo "app servers stopped"
  if [ -f "$DATA/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null && echo "replica stopped"
  fi
  on_primary -c "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$SLOT'" \
    >/dev/null && echo "replication slot dropped"
  on_primary -c "drop database if exists $DB with (force)" && echo "database $DB dropped"
  if [ -n "$HBA_FILE" ] && grep -qF "$HBA_MARK" "$HBA_FILE"; then
    sed -i "\|$HBA_MARK|d" "$HBA_FILE" && on_primary -c "select pg_reload_conf()" >/dev/null \
      && echo "pg_hba.conf: the replication line removed"
  fi
  rm -rf "$WORK" && echo "removed $WORK"
  if [ "$status" -eq 0 ]; then echo "REHEARSAL PASSED"; else echo "REHEARSAL FAILED (exit $status)"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "preflight"
[ "$(id -u)" -eq 0 ] || fail "run as root (the replica runs as the postgres user)"
[ -x "$PGBIN/pg_basebackup" ] || fail "no $PGBIN/pg_basebackup (set PGBIN)"
[ ! -e "$WORK" ] || fail "$WORK exists: a rehearsal is running, or one was killed (remove it)"
for port in "$REPLICA_PORT" "${APP_PORTS[@]}"; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "port $port is taken"
done
wal_level=$(on_primary -c "show wal_level")
senders=$(on_primary -c "show max_wal_senders")
echo "primary: $(on_primary -c 'select version()' | cut -d' ' -f1-2), wal_level=$wal_level, max_wal_senders=$senders"
[ "$wal_level" != minimal ] && [ "$senders" -gt 0 ] || fail "the primary needs wal_level=replica and max_wal_senders > 0"
if [ "$(on_primary -c "select count(*) from pg_hba_file_rules where 'replication' = any(database) and address = '127.0.0.1'")" = 0 ]; then
  HBA_FILE=$(on_primary -c "show hba_file")
  echo "host replication postgres 127.0.0.1/32 trust $HBA_MARK" >>"$HBA_FILE"
  on_primary -c "select pg_reload_conf()" >/dev/null
  echo "pg_hba.conf: no replication entry for 127.0.0.1; added one for the rehearsal (removed at teardown)"
fi

step "the rehearsal database on the primary (port $PRIMARY_PORT)"
on_primary -c "create database $DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 STATIC_MANIFEST=0 MSD_VAR_DIR="$WORK/var" DB_CONN_MAX_AGE=0
export SECRET_KEY="rehearsal-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export PERSONAL_DATA_KEY="rehearsal-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p "$WORK/var"
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py createcachetable
"$PY" manage.py workcal seed >/dev/null
SESSION=$("$PY" deploy/rehearse_replica.py seed 2>/dev/null | tail -1)
echo "migrated, seeded (a county, its units, a county leader with a session)"

step "streaming replica: pg_basebackup -R into $DATA, port $REPLICA_PORT"
chown postgres: "$WORK"
started=$(date +%s.%N)
as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" -R -X stream -C -S "$SLOT" \
  --checkpoint=fast
echo "base backup of the whole cluster: $(du -sh "$DATA" | cut -f1) in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s"
# Debian keeps postgresql.conf and pg_hba.conf in /etc: the copy has neither. Its own, with every statement
# logged (the evidence below) and hot_standby_feedback (long export reads are not cancelled by vacuum).
as_postgres tee "$DATA/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $REPLICA_PORT
unix_socket_directories = '$DATA'
hot_standby = on
hot_standby_feedback = on
# Hot standby needs max_connections, max_worker_processes, max_wal_senders, max_prepared_transactions and
# max_locks_per_transaction at least the primary's: read them from it.
$(on_primary -c "select name || ' = ' || setting from pg_settings where name in ('max_connections',
  'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')")
log_statement = 'all'
log_line_prefix = '%m [%p] %d '
CONF
as_postgres tee "$DATA/pg_hba.conf" >/dev/null <<<"host all all 127.0.0.1/32 trust"
as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/replica.log" -w start >/dev/null || {
  tail -5 "$WORK/replica.log"
  fail "the replica did not start"
}
[ "$(on_replica -c 'select pg_is_in_recovery()')" = t ] || fail "the replica is not in recovery"
echo "replica up, in recovery; the primary sees: $(on_primary -c "select application_name || ' ' || state || ' ' || sync_state from pg_stat_replication where application_name = 'walreceiver'" | head -1)"
[ "$(on_replica -d "$DB" -c "select count(*) from core_user where username = 'rehearsal_leader'")" = 1 ] \
  || fail "the seeded user is not on the replica"

step "two app servers: gunicorn on ${APP_PORTS[*]}, primary :$PRIMARY_PORT, replica :$REPLICA_PORT"
export REPLICA_DATABASE_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
for port in "${APP_PORTS[@]}"; do
  GUNICORN_BIND="127.0.0.1:$port" WEB_WORKERS=2 GUNICORN_ACCESS_LOG="$WORK/access-$port.log" \
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py mashangdu.wsgi:application >"$WORK/gunicorn-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "${APP_PORTS[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { cat "$WORK/gunicorn-$port.log"; fail "app server $port did not start"; }
done
APP1="http://127.0.0.1:${APP_PORTS[0]}"
APP2="http://127.0.0.1:${APP_PORTS[1]}"
echo "both listening"

step "reads: rankings on app server 1, the leader's dashboard on app server 2"
sleep 1
log_mark=$(stat -c %s "$WORK/replica.log")
read -r r_xact0 r_rows0 <<<"$(counters replica)"
"$PY" deploy/rehearse_replica.py get "$APP1/reports/" "$SESSION" "县住房和城乡建设局"
"$PY" deploy/rehearse_replica.py get "$APP2/reports/dashboard/" "$SESSION" "演练县"
sleep 1  # each request closed its connections (DB_CONN_MAX_AGE=0): their statistics are flushed
read -r r_xact1 r_rows1 <<<"$(counters replica)"
statements=$(tail -c +"$((log_mark + 1))" "$WORK/replica.log" | grep -c " $DB LOG:  statement: SELECT" || true)
echo "replica: $((r_xact1 - r_xact0)) transactions, $((r_rows1 - r_rows0)) rows returned, $statements SELECT statements logged; e.g."
tail -c +"$((log_mark + 1))" "$WORK/replica.log" | grep " $DB LOG:  statement: SELECT" | grep -E 'reports_|appeals_|core_unit' \
  | head -3 | sed -E 's/^.*statement: (.{0,110}).*$/    \1…/'
[ "$statements" -gt 0 ] && [ "$((r_xact1 - r_xact0))" -gt 0 ] || fail "the pages read nothing from the replica"
if tail -c +"$((log_mark + 1))" "$WORK/replica.log" | grep -q 'django_session'; then
  fail "the session was read from the replica"
fi
echo "no session read from the replica (sessions and users come from the primary)"

step "write: a public submission, form from app server 1, sent to app server 2"
log_mark=$(stat -c %s "$WORK/replica.log")
read -r r_xact0 _ <<<"$(counters replica)"
TRACKING=$("$PY" deploy/rehearse_replica.py submit "$APP1" "$APP2")
sent=$(date +%s%N)
echo "filed: $TRACKING"
[ "$(on_primary -d "$DB" -c "select count(*) from appeals_appeal where tracking_no = '$TRACKING'")" = 1 ] \
  || fail "the appeal is not on the primary"
echo "primary has the appeal"
for _ in $(seq 1 100); do
  [ "$(on_replica -d "$DB" -c "select count(*) from appeals_appeal where tracking_no = '$TRACKING'")" = 1 ] && break
  sleep 0.05
done
[ "$(on_replica -d "$DB" -c "select count(*) from appeals_appeal where tracking_no = '$TRACKING'")" = 1 ] \
  || fail "the appeal did not reach the replica"
echo "replica has it by streaming: visible $(( ($(date +%s%N) - sent) / 1000000 )) ms after the response (the checks' psql start-ups included)"
sleep 1
read -r r_xact1 _ <<<"$(counters replica)"
app_statements=$(tail -c +"$((log_mark + 1))" "$WORK/replica.log" | grep " $DB LOG:  statement:" | grep -vc "tracking_no = '$TRACKING'" || true)
echo "replica during the submission: $app_statements statements from the app servers (the checks' own look-ups aside)"
[ "$app_statements" = 0 ] || fail "the submission touched the replica"
echo "lag now: $(on_primary -c "select coalesce(replay_lag::text, '0') from pg_stat_replication where application_name = 'walreceiver'" | head -1)"
