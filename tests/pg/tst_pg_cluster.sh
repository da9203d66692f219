#!/usr/bin/env bash
# ctest "pg_cluster" (label postgres): checks the throwaway PostgreSQL cluster that scripts/test
# starts (scripts/pg-cluster) and the loader the warehouse-sync tests use (scripts/pg-load-export):
#   - the server answers on 127.0.0.1:$PULSEBOOK_PG_PORT, over TCP, as pulsebook with its password;
#   - a wrong password is refused ("password authentication failed");
#   - a demo export (made with the pulsebook-cli given as $1) loads into a schema of its own, with
#     as many rows in each table as data rows in its CSV file, the right column types, and times
#     read as UTC;
#   - contract forms (BOM, CRLF, synonyms, epoch seconds and milliseconds, offsets, "$120,036",
#     yes/N, quoted empties) load to the right values, and loading twice gives the same tables;
#   - outsider may connect but not read any table of that schema or of heap ("permission denied").
# Usage: tst_pg_cluster.sh PULSEBOOK_CLI
#
# Like every PostgreSQL test, it needs the PULSEBOOK_PG_* variables and FAILS (never skips) when
# they are missing: run it through scripts/test, or by hand inside a cluster of your own (see
# scripts/pg-cluster).
set -uo pipefail
export LC_ALL=C.UTF-8

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for v in PULSEBOOK_PG_HOST PULSEBOOK_PG_PORT PULSEBOOK_PG_DATABASE PULSEBOOK_PG_USER \
         PULSEBOOK_PG_PASSWORD PULSEBOOK_PG_OUTSIDER_USER PULSEBOOK_PG_OUTSIDER_PASSWORD \
         PULSEBOOK_PG_BIN; do
    [ -n "${!v:-}" ] || fail "$v is not set. PostgreSQL tests run against the throwaway cluster scripts/test starts: run them through scripts/test (e.g. scripts/test -L postgres), or by hand after exports=\"\$(scripts/pg-cluster start /tmp/pgt)\" && eval \"\$exports\""
done
cli="${1:-}"
[ -n "$cli" ] && [ -x "$cli" ] || fail "usage: tst_pg_cluster.sh PULSEBOOK_CLI (got '${cli}')"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scripts="$here/../../scripts"
psql_bin="$PULSEBOOK_PG_BIN/psql"
[ -x "$psql_bin" ] || fail "$psql_bin not found (PULSEBOOK_PG_BIN=$PULSEBOOK_PG_BIN)"

schema="tst_pg_cluster_$$"
edge="${schema}_edge"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tst_pg_cluster.XXXXXX")"
cleanup() {
    pg "$PULSEBOOK_PG_USER" "$PULSEBOOK_PG_PASSWORD" -q \
        -c "DROP SCHEMA IF EXISTS $schema CASCADE; DROP SCHEMA IF EXISTS $edge CASCADE" \
        >/dev/null 2>&1
    rm -rf -- "$tmp"
}
trap cleanup EXIT

# psql over TCP as user $1 with password $2; libpq's own sources of a password are shut out so
# only the given one counts.
pg() {
    local user="$1" password="$2"
    shift 2
    env -u PGSERVICE -u PGSERVICEFILE -u PGOPTIONS -u PGSSLMODE \
        PGPASSWORD="$password" PGPASSFILE=/nonexistent PGCONNECT_TIMEOUT=10 \
        "$psql_bin" -X -At -v ON_ERROR_STOP=1 -h "$PULSEBOOK_PG_HOST" -p "$PULSEBOOK_PG_PORT" \
        -U "$user" -d "$PULSEBOOK_PG_DATABASE" "$@"
}
me() { pg "$PULSEBOOK_PG_USER" "$PULSEBOOK_PG_PASSWORD" "$@"; }

# Data rows of a CSV file: records, not lines (a quoted field may hold a line break).
csv_rows() {
    awk '{ q += gsub(/"/, "\"") } q % 2 == 0 { n++ } END { print n - 1 }' "$1"
}

expect_eq() { # what, expected, actual
    [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# --- the server and authentication --------------------------------------------------------------
[ "$PULSEBOOK_PG_HOST" = 127.0.0.1 ] || fail "PULSEBOOK_PG_HOST is $PULSEBOOK_PG_HOST, not 127.0.0.1"
out="$(me -c "SELECT 1" 2>&1)" ||
    fail "cannot connect as $PULSEBOOK_PG_USER to 127.0.0.1:$PULSEBOOK_PG_PORT: $out"
expect_eq "select 1 as $PULSEBOOK_PG_USER" 1 "$out"
out="$(me -c "SELECT inet_server_addr()::text || ' ' || current_setting('listen_addresses') || ' ' || current_setting('TimeZone')" 2>&1)"
expect_eq "server address, listen_addresses, TimeZone" "127.0.0.1/32 127.0.0.1 UTC" "$out"

if out="$(pg "$PULSEBOOK_PG_USER" "wrong-$PULSEBOOK_PG_PASSWORD" -c "SELECT 1" 2>&1)"; then
    fail "a wrong password was accepted for $PULSEBOOK_PG_USER"
fi
grep -q "password authentication failed" <<<"$out" ||
    fail "a wrong password failed, but not with 'password authentication failed': $out"
if out="$(pg "$PULSEBOOK_PG_USER" "" -w -c "SELECT 1" 2>&1)"; then
    fail "no password was accepted for $PULSEBOOK_PG_USER over TCP"
fi

out="$(pg "$PULSEBOOK_PG_OUTSIDER_USER" "$PULSEBOOK_PG_OUTSIDER_PASSWORD" -c "SELECT 1" 2>&1)"
expect_eq "select 1 as $PULSEBOOK_PG_OUTSIDER_USER" 1 "$out"

# --- a demo export, loaded into a schema of its own -------------------------------------------
"$cli" demo --out "$tmp/export" --users 300 --events 8000 --seed 7 >"$tmp/demo.log" 2>&1 ||
    fail "pulsebook-cli demo failed: $(cat "$tmp/demo.log")"
"$scripts/pg-load-export" --schema "$schema" "$tmp/export" 2>"$tmp/load.log" ||
    fail "scripts/pg-load-export --schema $schema failed: $(cat "$tmp/load.log")"

declare -A table_of=([users.csv]=users [sessions.csv]=sessions [events.csv]=all_events
                     [accounts.csv]=accounts [team.csv]=team [campaign_touches.csv]=campaign_touches
                     [user_migrations.csv]=user_migrations)
for f in "${!table_of[@]}"; do
    [ -f "$tmp/export/$f" ] || fail "pulsebook-cli demo wrote no $f"
    t="${table_of[$f]}"
    want="$(csv_rows "$tmp/export/$f")"
    got="$(me -c "SELECT count(*) FROM $schema.$t" 2>&1)" || fail "count of $schema.$t: $got"
    expect_eq "rows of $schema.$t (data rows of $f)" "$want" "$got"
done
[ "$(csv_rows "$tmp/export/events.csv")" -gt 1000 ] || fail "the demo export has too few events"

out="$(me -F'|' -c "SELECT table_name || '.' || column_name || '=' || data_type FROM information_schema.columns
    WHERE table_schema = '$schema' AND (table_name, column_name) IN (('all_events', 'time'),
    ('all_events', 'event_table_name'), ('all_events', 'user_id'), ('users', 'joindate'),
    ('users', 'last_modified'), ('sessions', 'time'), ('accounts', 'arr'),
    ('accounts', 'renewal_date'), ('accounts', 'has_success_plan')) ORDER BY 1" 2>&1)"
expect_eq "column types" "accounts.arr=numeric
accounts.has_success_plan=boolean
accounts.renewal_date=date
all_events.event_table_name=text
all_events.time=timestamp with time zone
all_events.user_id=text
sessions.time=timestamp with time zone
users.joindate=timestamp with time zone
users.last_modified=timestamp with time zone" "$out"

# Event times are 'YYYY-MM-DD HH:MM:SS.fff' in UTC: the same text must come back in UTC.
first="$(tail -n +2 "$tmp/export/events.csv" | cut -d, -f4 | sort | head -n 1)"
last="$(tail -n +2 "$tmp/export/events.csv" | cut -d, -f4 | sort | tail -n 1)"
out="$(me -c "SELECT to_char(min(time) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') || ' ' ||
                     to_char(max(time) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')
              FROM $schema.all_events" 2>&1)"
expect_eq "first and last event time" "$first $last" "$out"
out="$(me -c "SELECT count(*) FROM pg_indexes WHERE schemaname = '$schema' AND tablename = 'all_events'
              AND indexdef LIKE '%(user_id, \"time\")' OR schemaname = '$schema' AND indexname = 'all_events_time_idx'" 2>&1)"
expect_eq "indexes all_events(user_id, time) and all_events(time)" 2 "$out"

# --- contract forms the demo does not write ----------------------------------------------------
mkdir "$tmp/edge"
printf '\xef\xbb\xbfUser_ID,Company_ID,Join_Date,last_modified,"Odd ""Name"", x"\r\nu1,A1,1778000000,2026-05-05T01:02:40+02:00,"two\r\nlines"\r\nu2,"",1778000000123,2026-05-05 01:02:40.5,\r\n' \
    >"$tmp/edge/users.csv"
printf 'event_id,user_id,time,event_name,session_id\ne1,u1,2026-05-05T01:02:03Z,Login,\ne2,u2,20260505,Logout,s1\n' \
    >"$tmp/edge/all_events.csv"
printf 'account_id,arr,has_success_plan,renewal_date,last_ebr,wins_past_year,open_new_arr\nA1,"$120,036",yes,2026-08-09,2026-08-09T23:30:00-05:00,"1,200",\nA2,5,N,,,3,"-$1,000.50"\n' \
    >"$tmp/edge/accounts.csv"
for round in 1 2; do # loading twice replaces the tables: same rows
    "$scripts/pg-load-export" --schema "$edge" "$tmp/edge" 2>"$tmp/edge.log" ||
        fail "scripts/pg-load-export --schema $edge (round $round) failed: $(cat "$tmp/edge.log")"
done
out="$(me -F'|' -c "SELECT user_id, coalesce(account_id, 'NULL'), joindate, last_modified,
                           replace(\"odd \"\"name\"\", x\", E'\\r\\n', '/')
                    FROM $edge.users ORDER BY 1" 2>&1)"
expect_eq "$edge.users" "u1|A1|2026-05-05 16:53:20+00|2026-05-04 23:02:40+00|two/lines
u2|NULL|2026-05-05 16:53:20.123+00|2026-05-05 01:02:40.5+00|" "$out"
out="$(me -F'|' -c "SELECT event_id, time, event_table_name, coalesce(session_id, 'NULL')
                    FROM $edge.all_events ORDER BY 1" 2>&1)"
expect_eq "$edge.all_events" "e1|2026-05-05 01:02:03+00|Login|NULL
e2|1970-08-23 11:55:05+00|Logout|s1" "$out"
out="$(me -F'|' -c "SELECT account_id, arr, has_success_plan, coalesce(renewal_date::text, 'NULL'),
                           coalesce(last_ebr::text, 'NULL'), wins_past_year,
                           coalesce(open_new_arr::text, 'NULL')
                    FROM $edge.accounts ORDER BY 1" 2>&1)"
expect_eq "$edge.accounts" "A1|120036|t|2026-08-09|2026-08-10|1200|NULL
A2|5|f|NULL|NULL|3|-1000.50" "$out"

# --- outsider reads nothing ----------------------------------------------------------------------
tables="$(me -F. -c "SELECT schemaname, tablename FROM pg_tables
                     WHERE schemaname IN ('$schema', 'heap') ORDER BY 1, 2" 2>&1)" ||
    fail "listing tables: $tables"
[ "$(grep -c "^$schema\." <<<"$tables")" -eq 7 ] || fail "expected 7 tables in $schema, got: $tables"
while IFS= read -r t; do
    if out="$(pg "$PULSEBOOK_PG_OUTSIDER_USER" "$PULSEBOOK_PG_OUTSIDER_PASSWORD" \
                 -c "SELECT count(*) FROM $t" 2>&1)"; then
        fail "$PULSEBOOK_PG_OUTSIDER_USER could read $t ($out rows)"
    fi
    grep -q "permission denied" <<<"$out" ||
        fail "$PULSEBOOK_PG_OUTSIDER_USER reading $t failed, but not with 'permission denied': $out"
done <<<"$tables"

echo "PASS: pg_cluster ($(grep -c . <<<"$tables") tables refused to $PULSEBOOK_PG_OUTSIDER_USER," \
     "$(csv_rows "$tmp/export/events.csv") events loaded)"
