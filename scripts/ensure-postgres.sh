#!/usr/bin/env bash
# Makes sure PostgreSQL answers at DATABASE_URL and that its database exists.
# On this machine's loopback it starts an installed server, or installs
# Debian's package when running as root. Usage: ensure-postgres.sh [dbname]
set -euo pipefail

url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/haoban?sslmode=disable}"
say() { echo "ensure-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

# Parse postgres://user:password@host:port/dbname?params.
rest="${url#*://}"
case "$url" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL must start with postgres:// (got ${url%%://*}://…)" ;; esac
rest="${rest%%\?*}"
auth="" hostport="$rest"
if [[ "$rest" == *@* ]]; then auth="${rest%@*}" hostport="${rest##*@}"; fi
dbname="${hostport#*/}"; [[ "$hostport" == */* ]] || dbname=""
hostport="${hostport%%/*}"
user="${auth%%:*}"; user="${user:-postgres}"
password=""; [[ "$auth" == *:* ]] && password="${auth#*:}"
if [[ "$hostport" == \[*\]* ]]; then host="${hostport%%]*}"; host="${host#[}"; port="${hostport##*]:}"; [[ "$port" == "$hostport" ]] && port=5432
else host="${hostport%%:*}"; port="${hostport##*:}"; [[ "$port" == "$hostport" ]] && port=5432; fi
host="${host:-127.0.0.1}"
dbname="${1:-${dbname:-haoban}}"
safe_url="postgres://${user}@${host}:${port}/${dbname}"
export PGPASSWORD="$password" PGCONNECT_TIMEOUT=5

answers() {
  if command -v pg_isready >/dev/null; then pg_isready -q -h "$host" -p "$port"
  else (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; fi
}

is_local() { [[ "$host" == 127.0.0.1 || "$host" == localhost || "$host" == ::1 ]]; }

# Debian's cluster listens on 5432 with scram for TCP; our tests and `make
# dev` connect over TCP as postgres without a password, which loopback
# trust allows. Only clusters this script created or started are changed.
trust_loopback() {
  local hba="$1"
  grep -q "^host all all 127.0.0.1/32 trust" "$hba" && return 0
  say "allowing passwordless TCP connections from this machine (loopback trust) in $hba"
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
}

start_local() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    [[ "$(id -u)" == 0 ]] || die "PostgreSQL is not installed. Run: sudo apt-get install -y postgresql — or set DATABASE_URL to a server you can use."
    say "installing Debian's postgresql package"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
  command -v pg_lsclusters >/dev/null || die "pg_lsclusters is missing: install postgresql-common, or set DATABASE_URL"
  local ver
  ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  if [[ -z "$(pg_lsclusters -h 2>/dev/null)" ]]; then
    say "creating cluster $ver/main on port $port"
    pg_createcluster "$ver" main -p "$port" >/dev/null
  fi
  local line cver cname cport
  line="$(pg_lsclusters -h | awk -v p="$port" '$3 == p' | head -n 1)"
  [[ -n "$line" ]] || die "a PostgreSQL cluster is installed but none is set to port $port ($(pg_lsclusters -h | awk '{print $1"/"$2":"$3}' | xargs)); set DATABASE_URL to its port"
  read -r cver cname cport _ <<<"$line"
  [[ "$(id -u)" == 0 ]] || die "PostgreSQL $cver/$cname is installed but stopped; start it with: sudo pg_ctlcluster $cver $cname start"
  trust_loopback "/etc/postgresql/$cver/$cname/pg_hba.conf"
  say "starting PostgreSQL $cver/$cname on port $cport"
  pg_ctlcluster --skip-systemctl-redirect "$cver" "$cname" start
}

if ! answers; then
  is_local || die "no PostgreSQL answers at $safe_url; start it or correct DATABASE_URL"
  start_local
  for _ in $(seq 30); do answers && break; sleep 1; done
  answers || die "PostgreSQL did not become ready at $host:$port within 30 s"
fi

command -v psql >/dev/null || die "psql is missing: apt-get install -y postgresql-client"
psql_admin() { psql -h "$host" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! out="$(psql_admin -c 'select 1' 2>&1)"; then
  if is_local && [[ "$(id -u)" == 0 && "$out" == *authentication* ]] && line="$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p' | head -n 1)" && [[ -n "$line" ]]; then
    read -r cver cname _ <<<"$line"
    trust_loopback "/etc/postgresql/$cver/$cname/pg_hba.conf"
    pg_ctlcluster --skip-systemctl-redirect "$cver" "$cname" reload
    sleep 1
    out="$(psql_admin -c 'select 1' 2>&1)" || die "cannot connect to $safe_url: $out"
  else
    die "cannot connect to $safe_url: $out"
  fi
fi

if [[ "$(psql_admin -c "select 1 from pg_database where datname = '${dbname//\'/\'\'}'")" == 1 ]]; then
  say "PostgreSQL answers at $host:$port; database $dbname exists"
  exit 0
fi
quoted="\"${dbname//\"/\"\"}\""
if ! psql_admin -c "CREATE DATABASE $quoted TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" 2>/dev/null; then
  psql_admin -c "CREATE DATABASE $quoted TEMPLATE template0 ENCODING 'UTF8'"
fi
say "created database $dbname at $host:$port"
