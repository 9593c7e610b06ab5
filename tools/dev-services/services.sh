#!/usr/bin/env bash
# Local real servers for tests and benchmarks, on loopback, without Docker:
#   redis       Redis (Debian package redis-server), our own process/config/dir
#   postgres    PostgreSQL (Debian package postgresql), our own cluster, run as the postgres OS user
#   kafka       Apache Kafka 3.9 in KRaft mode (jars from Maven Central, kafka/pom.xml), machine's Java
#   s3          S3Proxy, filesystem backend (jars from Maven Central, s3proxy/pom.xml)
#   prometheus  Prometheus (Debian package prometheus)
#
# usage: services.sh up | status [--quiet] | down | restart | reset
#   up       install what is missing (apt-get, mvn; cached), start what is not answering, and return
#            once every server answers a real request; fails within DEV_SERVICES_UP_TIMEOUT
#            (120 s) of the start phase naming the server and its log. Idempotent.
#   status   one line per server; exit 0 when all answer, 3 otherwise (--quiet: exit code only)
#   down     stop every server started from this run dir (Kafka: SIGTERM, then SIGKILL after 45 s;
#            PostgreSQL: pg_ctl stop -m fast)
#   restart  down, then up
#   reset    down, then delete the run dir (all data and logs)
#
# Addresses, ports and credentials: services.env (the only place they live).
# State (data, logs, pid files): $DEV_SERVICES_RUN_DIR, default tools/dev-services/.run
# Downloaded jars: $DEV_SERVICES_CACHE_DIR, default ~/.cache/platform-dev-services
set -Eeuo pipefail
shopt -u patsub_replacement 2>/dev/null || true # '&' in a replacement stays a literal '&'

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="$HERE/services.env"
RUN_DIR="${DEV_SERVICES_RUN_DIR:-$HERE/.run}"
CACHE_DIR="${DEV_SERVICES_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/platform-dev-services}"
UP_TIMEOUT="${DEV_SERVICES_UP_TIMEOUT:-120}"
SERVICES=(redis postgres kafka s3 prometheus)

log() { printf '[dev-services] %s\n' "$*"; }
warn() { printf '[dev-services] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[dev-services] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# services.env: every host/port/credential is parsed out of it, nothing is repeated here.
# ---------------------------------------------------------------------------------------------
load_env() {
  [[ -f $ENV_FILE ]] || die "$ENV_FILE is missing"
  set -a
  # shellcheck source=services.env
  source "$ENV_FILE"
  set +a
  local key
  for key in REDIS_URL DATABASE_URL KAFKA_BROKERS KAFKA_CONTROLLER S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_REGION PROMETHEUS_URL; do
    [[ -n ${!key:-} ]] || die "$ENV_FILE lacks $key"
  done
  [[ $REDIS_URL =~ ^redis://([^:/@]+):([0-9]+)/?$ ]] || die "REDIS_URL must look like redis://127.0.0.1:PORT (got $REDIS_URL)"
  REDIS_HOST=${BASH_REMATCH[1]} REDIS_PORT=${BASH_REMATCH[2]}
  [[ $DATABASE_URL =~ ^postgres(ql)?://([^:@/]+):([^@/]+)@([^:/]+):([0-9]+)/([^/?]+)$ ]] ||
    die "DATABASE_URL must look like postgres://USER:PASSWORD@127.0.0.1:PORT/DB (got $DATABASE_URL)"
  PG_USER=${BASH_REMATCH[2]} PG_PASSWORD=${BASH_REMATCH[3]} PG_HOST=${BASH_REMATCH[4]} PG_PORT=${BASH_REMATCH[5]} PG_DB=${BASH_REMATCH[6]}
  [[ ${KAFKA_BROKERS%%,*} =~ ^([^:/]+):([0-9]+)$ ]] || die "KAFKA_BROKERS must look like 127.0.0.1:PORT (got $KAFKA_BROKERS)"
  KAFKA_HOST=${BASH_REMATCH[1]} KAFKA_PORT=${BASH_REMATCH[2]}
  [[ $KAFKA_CONTROLLER =~ ^([^:/]+):([0-9]+)$ ]] || die "KAFKA_CONTROLLER must look like 127.0.0.1:PORT (got $KAFKA_CONTROLLER)"
  KAFKA_CONTROLLER_HOST=${BASH_REMATCH[1]} KAFKA_CONTROLLER_PORT=${BASH_REMATCH[2]}
  [[ $S3_ENDPOINT =~ ^http://([^:/]+):([0-9]+)/?$ ]] || die "S3_ENDPOINT must look like http://127.0.0.1:PORT (got $S3_ENDPOINT)"
  S3_HOST=${BASH_REMATCH[1]} S3_PORT=${BASH_REMATCH[2]}
  [[ $PROMETHEUS_URL =~ ^http://([^:/]+):([0-9]+)/?$ ]] || die "PROMETHEUS_URL must look like http://127.0.0.1:PORT (got $PROMETHEUS_URL)"
  PROMETHEUS_HOST=${BASH_REMATCH[1]} PROMETHEUS_PORT=${BASH_REMATCH[2]}
  local host
  for host in "$REDIS_HOST" "$PG_HOST" "$KAFKA_HOST" "$KAFKA_CONTROLLER_HOST" "$S3_HOST" "$PROMETHEUS_HOST"; do
    [[ $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "services.env: $host is not a loopback address (127.x.y.z); these servers listen on loopback only"
  done
  [[ $PG_PASSWORD =~ ^[A-Za-z0-9._~-]+$ ]] || die "services.env: keep the DATABASE_URL password to [A-Za-z0-9._~-] (no URL escaping)"

  # shellcheck disable=SC2034 # read by render() through ${!key}
  KAFKA_DATA_DIR="$RUN_DIR/kafka/data"
  # shellcheck disable=SC2034
  S3_DATA_DIR="$RUN_DIR/s3proxy/data"
  # shellcheck disable=SC2034
  PROMETHEUS_TARGETS_DIR="$RUN_DIR/prometheus/targets"
}

# Fills @NAME@ fields of a template (kafka/server.properties.in, ...) from shell variables.
RENDER_KEYS=(KAFKA_HOST KAFKA_PORT KAFKA_CONTROLLER_HOST KAFKA_CONTROLLER_PORT KAFKA_DATA_DIR
  S3_HOST S3_PORT S3_ACCESS_KEY S3_SECRET_KEY S3_REGION S3_DATA_DIR
  PROMETHEUS_HOST PROMETHEUS_PORT PROMETHEUS_TARGETS_DIR)
render() {
  local text key
  text="$(<"$1")"
  for key in "${RENDER_KEYS[@]}"; do text=${text//@$key@/${!key}}; done
  if [[ $text =~ @[A-Z][A-Z0-9_]*@ ]]; then die "$1: no value for ${BASH_REMATCH[0]}"; fi
  printf '%s\n' "$text" >"$2"
}

svc_port() {
  case $1 in
    redis) echo "$REDIS_PORT" ;;
    postgres) echo "$PG_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
    s3) echo "$S3_PORT" ;;
    prometheus) echo "$PROMETHEUS_PORT" ;;
  esac
}
svc_addr() {
  case $1 in
    redis) echo "$REDIS_HOST:$REDIS_PORT" ;;
    postgres) echo "$PG_HOST:$PG_PORT" ;;
    kafka) echo "$KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_HOST:$KAFKA_CONTROLLER_PORT)" ;;
    s3) echo "$S3_HOST:$S3_PORT" ;;
    prometheus) echo "$PROMETHEUS_HOST:$PROMETHEUS_PORT" ;;
  esac
}
svc_logs() { # the log files worth reading when a server fails, most useful first
  case $1 in
    redis) echo "$RUN_DIR/redis/redis.log" ;;
    postgres) echo "$(pg_base)/postgres.log" ;;
    kafka) echo "$RUN_DIR/kafka/logs/server.log $RUN_DIR/kafka/kafka.out" ;;
    s3) echo "$RUN_DIR/s3proxy/s3proxy.log" ;;
    prometheus) echo "$RUN_DIR/prometheus/prometheus.log" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# processes: pid files + the port, never process names
# ---------------------------------------------------------------------------------------------
pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }
pid_cwd() { readlink "/proc/$1/cwd" 2>/dev/null || true; }
# Is process $1 ours: does its command line name $2, or does it run in $2 (redis rewrites its title)?
pid_is_ours() { [[ $(pid_cmdline "$1") == *"$2"* || $(pid_cwd "$1")/ == "$2"/* ]]; }
# pid from a pid file, if that process is alive and ours (guards against pid reuse)
pid_from_file() {
  local pid=""
  [[ -f $1 ]] && pid="$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')"
  if pid_alive "$pid" && pid_is_ours "$pid" "$2"; then echo "$pid"; fi
}
port_listening() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
port_listener_pid() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true; }

# Starts a long-running command detached (own session, stdin closed), output appended to $2,
# cwd = the pid file's folder; the pid file holds the pid of the command itself.
launch() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # 9>&-: the server must not inherit the lock of this script (see lock())
  (
    exec 9>&-
    cd "$(dirname "$pidfile")" || exit 1
    # shellcheck disable=SC2016 # $$ and $@ belong to the inner bash
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  )
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  die "could not start: $*"
}

# SIGTERM, wait up to $2 s, then SIGKILL.
stop_pid() {
  local pid=$1 grace=$2 name=$3 i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) still running ${grace}s after SIGTERM: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  die "$name (pid $pid) survived SIGKILL"
}

# ---------------------------------------------------------------------------------------------
# first-time installs (cached): Debian packages, Maven jars
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
POLICY_RC_CREATED=0
cleanup() { if [[ $POLICY_RC_CREATED == 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

apt_install() {
  ((EUID == 0)) || die "missing Debian package(s) $*: install them (sudo apt-get install $*) or run as root"
  command -v apt-get >/dev/null || die "missing $* and no apt-get here"
  mkdir -p "$RUN_DIR"
  local apt_log="$RUN_DIR/install.log"
  # Debian's maintainer scripts would start the system's redis/postgresql/prometheus services on
  # their default ports: policy-rc.d answering 101 forbids that (we run our own processes).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, from tools/dev-services/services.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_RC_CREATED=1
  fi
  if [[ $APT_UPDATED == 0 ]]; then
    log "install: apt-get update"
    if ! apt-get update -q >>"$apt_log" 2>&1; then
      tail -n 20 "$apt_log" >&2
      die "apt-get update failed; log: $apt_log"
    fi
    APT_UPDATED=1
  fi
  log "install: apt-get install $* (log: $apt_log)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    die "apt-get install $* failed; log: $apt_log"
  fi
  cleanup
  POLICY_RC_CREATED=0
}

pg_bin_dir() {
  local dir
  while read -r dir; do
    if [[ -x $dir/postgres && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/psql ]]; then
      echo "$dir"
      return 0
    fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
}

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# $1: names of the servers about to be started
ensure_installed() {
  local -a pkgs=()
  local svc
  command -v node >/dev/null || die "node (Node.js 20) is needed for the Kafka and S3 checks (check.mjs)"
  command -v curl >/dev/null || pkgs+=(curl)
  command -v setsid >/dev/null || pkgs+=(util-linux)
  command -v ss >/dev/null || pkgs+=(iproute2)
  for svc in "$@"; do
    case $svc in
      redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null || pkgs+=(redis-server redis-tools) ;;
      postgres) [[ -n $(pg_bin_dir) ]] || pkgs+=(postgresql) ;;
      prometheus) [[ -x /usr/bin/prometheus ]] || pkgs+=(prometheus) ;;
      kafka | s3)
        command -v java >/dev/null || pkgs+=(openjdk-17-jre-headless)
        if [[ ! -f $(libs_dir "$svc")/.complete ]] && ! command -v mvn >/dev/null; then pkgs+=(maven); fi
        ;;
    esac
  done
  if ((${#pkgs[@]})); then
    # shellcheck disable=SC2207
    pkgs=($(printf '%s\n' "${pkgs[@]}" | sort -u))
    apt_install "${pkgs[@]}"
  fi
  # the jars of Kafka and S3Proxy: both Maven runs at once (mostly download time)
  local -a jobs=() names=()
  local i
  for svc in "$@"; do
    case $svc in
      kafka | s3)
        local major
        major="$(java_major)"
        [[ -n $major && $major -ge 17 ]] || die "$svc needs Java 17+ (java -version says ${major:-nothing})"
        ensure_libs "$svc" &
        jobs+=($!)
        names+=("$svc")
        ;;
    esac
  done
  for i in "${!jobs[@]}"; do
    wait "${jobs[i]}" || die "${names[i]}: could not get its jars (see above)"
  done
}

pom_dir() { case $1 in kafka) echo "$HERE/kafka" ;; s3) echo "$HERE/s3proxy" ;; esac; }
# The jars of one pom, keyed by the pom's hash (a version bump gets a fresh folder).
libs_dir() {
  local pom
  pom="$(pom_dir "$1")/pom.xml"
  echo "$CACHE_DIR/$(basename "$(pom_dir "$1")")-$(sha256sum "$pom" | cut -c1-12)/libs"
}
ensure_libs() {
  local dir tmp mvn_log
  dir="$(libs_dir "$1")"
  [[ -f $dir/.complete ]] && return 0
  mkdir -p "$(dirname "$dir")" "$RUN_DIR"
  tmp="$dir.tmp.$$"
  mvn_log="$RUN_DIR/mvn-$(basename "$(pom_dir "$1")").log"
  log "install: $1 jars from Maven Central (mvn dependency:copy-dependencies -f $(pom_dir "$1")/pom.xml) into $dir (log: $mvn_log)"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! (cd "$(pom_dir "$1")" && timeout 900 mvn -B -q -ntp -f pom.xml dependency:copy-dependencies -DoutputDirectory="$tmp") >"$mvn_log" 2>&1; then
    tail -n 30 "$mvn_log" >&2
    rm -rf "$tmp"
    die "$1: mvn could not fetch the jars; log: $mvn_log"
  fi
  touch "$tmp/.complete"
  rm -rf "$dir"
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp" # another `up` won the race: keep its copy
  [[ -f $dir/.complete ]] || die "$1: jars missing in $dir"
  log "install: $1 jars ready ($(find "$dir" -name '*.jar' | wc -l) jars)"
}

# ---------------------------------------------------------------------------------------------
# redis
# ---------------------------------------------------------------------------------------------
redis_ready() {
  command -v redis-cli >/dev/null || return 1
  [[ $(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}
redis_pid() { pid_from_file "$RUN_DIR/redis/redis.pid" "$RUN_DIR/redis"; }
redis_start() {
  local d="$RUN_DIR/redis"
  mkdir -p "$d/data"
  cat >"$d/redis.conf" <<EOF
# written by services.sh from services.env on every start
bind $REDIS_HOST
port $REDIS_PORT
protected-mode yes
daemonize no
dir "$d/data"
logfile "$d/redis.log"
# test data: no snapshots, no append-only file
save ""
appendonly no
EOF
  launch "$d/redis.pid" "$d/redis.log" redis-server "$d/redis.conf"
}
redis_stop() { stop_pid "$1" 20 redis; }

# ---------------------------------------------------------------------------------------------
# postgres: own cluster in the run dir, as the postgres OS user when we are root (postgres
# refuses to run as root). The Debian package's own cluster (15/main, port 5432) is not used.
# ---------------------------------------------------------------------------------------------
pg_as() {
  # from /: the caller's folder may be closed to the postgres OS user
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
PG_BASE_CACHED=""
# Normally $RUN_DIR/postgres; if the postgres OS user cannot reach the run dir (e.g. a checkout
# under /root), a folder under /var/tmp named after the run dir.
pg_base() {
  if [[ -n $PG_BASE_CACHED ]]; then
    echo "$PG_BASE_CACHED"
    return
  fi
  local base="$RUN_DIR/postgres"
  if ((EUID == 0)) && id postgres >/dev/null 2>&1; then
    mkdir -p "$base"
    chown postgres: "$base"
    if ! runuser -u postgres -- test -w "$base" 2>/dev/null; then
      base="/var/tmp/platform-dev-services-$(printf '%s' "$RUN_DIR" | sha256sum | cut -c1-12)/postgres"
      mkdir -p "$base"
      chown postgres: "$base"
      echo "$base" >"$RUN_DIR/postgres/LOCATION"
    fi
  fi
  PG_BASE_CACHED="$base"
  echo "$base"
}
pg_socket_dir() {
  local dir
  dir="$(pg_base)/socket"
  if ((${#dir} > 90)); then dir="/tmp/platform-dev-services-pg-$PG_PORT"; fi
  echo "$dir"
}
pg_psql() { # psql as the app role over TCP
  local bin
  bin="$(pg_bin_dir)"
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 timeout 5 "${bin:+$bin/}psql" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"
}
postgres_ready() {
  [[ -n $(pg_bin_dir) ]] || command -v psql >/dev/null || return 1
  [[ $(pg_psql -tAc 'select 1' 2>/dev/null) == 1 ]]
}
postgres_pid() {
  local data
  data="$(pg_base)/data"
  pid_from_file "$data/postmaster.pid" "$data"
}
postgres_start() {
  local bin base data sock
  bin="$(pg_bin_dir)"
  base="$(pg_base)"
  data="$base/data"
  sock="$(pg_socket_dir)"
  touch "$base/postgres.log" # written by the server: the postgres OS user's
  ((EUID == 0)) && chown postgres: "$base/postgres.log"
  if [[ ! -f $data/PG_VERSION ]]; then
    log "postgres: initdb $data (first start)"
    rm -rf "$data"
    pg_as mkdir -p "$data"
    chmod 700 "$data"
    if ! pg_as "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >>"$base/postgres.log" 2>&1; then
      tail -n 20 "$base/postgres.log" >&2
      die "postgres: initdb failed; log: $base/postgres.log"
    fi
    echo "include_if_exists = 'dev-services.conf'" | pg_as tee -a "$data/postgresql.conf" >/dev/null
  fi
  pg_as mkdir -p "$sock"
  pg_as chmod 700 "$sock"
  pg_as tee "$data/dev-services.conf" >/dev/null <<EOF
# written by services.sh from services.env on every start
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 128MB
# test data: durability traded for speed (a crash may need a reset: services.sh reset)
fsync = off
synchronous_commit = off
full_page_writes = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  rm -f "$data/postmaster.pid" 2>/dev/null || true # stale after a crash (we only get here when it is not running)
  if ! pg_as "$bin/pg_ctl" -D "$data" -l "$base/postgres.log" -W start >/dev/null 2>&1 9>&-; then
    tail -n 20 "$base/postgres.log" >&2
    die "postgres: pg_ctl start failed; log: $base/postgres.log"
  fi
  # pg_ctl -W returns before the postmaster writes postmaster.pid: wait for it, so that the
  # readiness loop does not take a starting server for a dead one
  local i
  for ((i = 0; i < 150; i++)); do
    [[ -n $(postgres_pid) ]] && return 0
    sleep 0.1
  done
  tail -n 20 "$base/postgres.log" >&2
  die "postgres: no running postmaster 15 s after pg_ctl start; log: $base/postgres.log"
}
# superuser over our own socket: answers before the app role exists
pg_super_ready() {
  [[ $(pg_as "$(pg_bin_dir)/psql" -X -q -h "$(pg_socket_dir)" -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' 2>/dev/null) == 1 ]]
}
# the app role (LOGIN, CREATEDB for tests' scratch databases) and its database; idempotent
pg_provision() {
  pg_as "$(pg_bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" -p "$PG_PORT" -U postgres -d postgres \
    -v u="$PG_USER" -v p="$PG_PASSWORD" -v d="$PG_DB" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SQL
}
postgres_poll() {
  postgres_ready && return 0
  if [[ -n $(postgres_pid) ]] && pg_super_ready; then
    pg_provision || return 1
    postgres_ready
  else
    return 1
  fi
}
postgres_stop() {
  local data
  data="$(pg_base)/data"
  pg_as "$(pg_bin_dir)/pg_ctl" -D "$data" stop -m fast -w -t 60 >/dev/null 2>&1 || stop_pid "$1" 30 postgres
}

# ---------------------------------------------------------------------------------------------
# kafka: single node, KRaft combined broker+controller
# ---------------------------------------------------------------------------------------------
KAFKA_JAVA_OPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
kafka_ready() { port_listening "$KAFKA_PORT" && node --no-warnings "$HERE/check.mjs" --quiet --timeout=3000 kafka >/dev/null 2>&1; }
kafka_pid() { pid_from_file "$RUN_DIR/kafka/kafka.pid" "$RUN_DIR/kafka/server.properties"; }
kafka_start() {
  local d="$RUN_DIR/kafka" libs cluster_id
  libs="$(libs_dir kafka)"
  mkdir -p "$d/logs" "$d/data"
  render "$HERE/kafka/server.properties.in" "$d/server.properties"
  local -a jvm=("${KAFKA_JAVA_OPTS[@]}" "-Dlog4j.configuration=file:$HERE/kafka/log4j.properties" "-Dkafka.logs.dir=$d/logs" -cp "$libs/*")
  if [[ ! -f $d/data/meta.properties ]]; then
    [[ -s $d/cluster-id ]] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$d/cluster-id"
    cluster_id="$(<"$d/cluster-id")"
    log "kafka: formatting KRaft storage $d/data (cluster id $cluster_id, first start)"
    if ! LC_ALL=C.UTF-8 java "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$d/server.properties" >>"$d/kafka.out" 2>&1; then
      tail -n 20 "$d/kafka.out" >&2
      die "kafka: storage format failed; log: $d/kafka.out"
    fi
  fi
  launch "$d/kafka.pid" "$d/kafka.out" env LC_ALL=C.UTF-8 java "${jvm[@]}" kafka.Kafka "$d/server.properties"
}
kafka_stop() { stop_pid "$1" 45 kafka; }

# ---------------------------------------------------------------------------------------------
# s3: S3Proxy, filesystem backend
# ---------------------------------------------------------------------------------------------
s3_ready() { port_listening "$S3_PORT" && node --no-warnings "$HERE/check.mjs" --quiet --timeout=3000 s3 >/dev/null 2>&1; }
s3_pid() { pid_from_file "$RUN_DIR/s3proxy/s3proxy.pid" "$RUN_DIR/s3proxy/s3proxy.conf"; }
s3_start() {
  local d="$RUN_DIR/s3proxy" libs
  libs="$(libs_dir s3)"
  mkdir -p "$d/data"
  (umask 077 && render "$HERE/s3proxy/s3proxy.conf.in" "$d/s3proxy.conf")
  # LC_ALL: Java maps object keys to file names with the locale's charset; C would turn unicode into '?'
  launch "$d/s3proxy.pid" "$d/s3proxy.log" env LC_ALL=C.UTF-8 java -Xms64m -Xmx384m -Djava.awt.headless=true \
    "-Dlogback.configurationFile=$HERE/s3proxy/logback.xml" -cp "$libs/*" org.gaul.s3proxy.Main --properties "$d/s3proxy.conf"
}
s3_stop() { stop_pid "$1" 20 s3proxy; }

# ---------------------------------------------------------------------------------------------
# prometheus
# ---------------------------------------------------------------------------------------------
prometheus_ready() { timeout 4 curl -fsS -m 3 -o /dev/null "http://$PROMETHEUS_HOST:$PROMETHEUS_PORT/-/ready" 2>/dev/null; }
prometheus_pid() { pid_from_file "$RUN_DIR/prometheus/prometheus.pid" "$RUN_DIR/prometheus/prometheus.yml"; }
prometheus_start() {
  local d="$RUN_DIR/prometheus"
  mkdir -p "$d/data" "$d/targets"
  render "$HERE/prometheus/prometheus.yml.in" "$d/prometheus.yml"
  launch "$d/prometheus.pid" "$d/prometheus.log" /usr/bin/prometheus --config.file="$d/prometheus.yml" \
    --storage.tsdb.path="$d/data" --storage.tsdb.retention.time=2d \
    --web.listen-address="$PROMETHEUS_HOST:$PROMETHEUS_PORT" --web.enable-lifecycle
}
prometheus_stop() { stop_pid "$1" 30 prometheus; }

svc_poll() { if [[ $1 == postgres ]]; then postgres_poll; else "${1}_ready"; fi; }

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 300 9 || die "another services.sh up/down holds $RUN_DIR/.lock"
}

describe_listener() {
  local pid
  pid="$(port_listener_pid "$1")"
  if [[ -n $pid ]]; then echo "pid $pid ($(pid_cmdline "$pid" | cut -c1-160))"; else echo "an unknown process"; fi
}

fail_svc() {
  local svc=$1 why=$2 f
  printf '[dev-services] FAILED: %s (%s): %s\n' "$svc" "$(svc_addr "$svc")" "$why" >&2
  for f in $(svc_logs "$svc"); do
    if [[ -f $f ]]; then
      printf '[dev-services] %s log: %s (last 30 lines)\n' "$svc" "$f" >&2
      tail -n 30 "$f" | sed 's/^/    /' >&2
    else
      printf '[dev-services] %s log: %s (not written)\n' "$svc" "$f" >&2
    fi
  done
  exit 1
}

# Runs every readiness check in parallel; fills READY[svc]=1|0.
declare -A READY
check_all() {
  local tmp svc
  tmp="$(mktemp -d)"
  for svc in "${SERVICES[@]}"; do
    (if "${svc}_ready"; then echo 1; else echo 0; fi) >"$tmp/$svc" 2>/dev/null &
  done
  wait
  for svc in "${SERVICES[@]}"; do READY[$svc]="$(<"$tmp/$svc")"; done
  rm -rf "$tmp"
}

cmd_up() {
  local t0=$SECONDS svc pid
  lock
  check_all
  local -a to_start=() pending=()
  for svc in "${SERVICES[@]}"; do
    if [[ ${READY[$svc]} == 1 ]]; then
      pid="$("${svc}_pid" 2>/dev/null || true)"
      if [[ -n $pid ]]; then
        log "$svc: already up on $(svc_addr "$svc") (pid $pid)"
      else
        log "$svc: already up on $(svc_addr "$svc") (served by $(describe_listener "$(svc_port "$svc")"), not started from $RUN_DIR: left alone)"
      fi
    elif [[ -n $("${svc}_pid" 2>/dev/null || true) ]]; then
      pending+=("$svc") # running but not answering (yet): wait for it below
    elif port_listening "$(svc_port "$svc")"; then
      fail_svc "$svc" "port $(svc_port "$svc") is taken by $(describe_listener "$(svc_port "$svc")"), which does not answer as $svc"
    else
      to_start+=("$svc")
    fi
  done
  if ((${#to_start[@]})); then
    ensure_installed "${to_start[@]}"
    for svc in "${to_start[@]}"; do
      log "$svc: starting on $(svc_addr "$svc")"
      "${svc}_start"
      pending+=("$svc")
    done
  fi
  local deadline=$((SECONDS + UP_TIMEOUT)) started=$SECONDS
  local -a still=()
  while ((${#pending[@]})); do
    still=()
    for svc in "${pending[@]}"; do
      if svc_poll "$svc"; then
        log "$svc: ready on $(svc_addr "$svc") (pid $("${svc}_pid"), $((SECONDS - started)) s)"
      elif [[ -z $("${svc}_pid") ]]; then
        fail_svc "$svc" "the process exited while starting"
      else
        still+=("$svc")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]})) || break
    if ((SECONDS >= deadline)); then
      fail_svc "${pending[0]}" "not answering ${UP_TIMEOUT} s after start (still waiting for: ${pending[*]})"
    fi
    sleep 0.5
  done
  log "all ${#SERVICES[@]} servers answer ($((SECONDS - t0)) s); addresses: $ENV_FILE; state and logs: $RUN_DIR"
}

cmd_status() {
  local quiet=0 svc pid all=1 foreign=0
  [[ ${1:-} == --quiet || ${1:-} == -q ]] && quiet=1
  check_all
  for svc in "${SERVICES[@]}"; do
    [[ ${READY[$svc]} == 1 ]] || all=0
    ((quiet)) && continue
    pid="$("${svc}_pid" 2>/dev/null || true)"
    if [[ -z $pid ]] && port_listening "$(svc_port "$svc")"; then pid="$(port_listener_pid "$(svc_port "$svc")")"; pid="${pid:-?}*"; foreign=1; fi
    printf '%-11s %-5s %-8s %-48s %s\n' "$svc" "$([[ ${READY[$svc]} == 1 ]] && echo up || echo DOWN)" \
      "${pid:--}" "$(svc_addr "$svc")" "$(svc_logs "$svc" | cut -d' ' -f1)"
  done
  if ((!quiet)); then
    if ((foreign)); then log "* = not started from $RUN_DIR (another checkout?): up and down leave it alone"; fi
    if ((all)); then log "all servers answer"; else log "some servers are down: run: npm run services:up"; fi
  fi
  ((all)) && return 0 || return 3
}

cmd_down() {
  local svc pid port listener i
  lock
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    svc=${SERVICES[i]}
    pid="$("${svc}_pid" 2>/dev/null || true)"
    if [[ -n $pid ]]; then
      log "$svc: stopping pid $pid"
      "${svc}_stop" "$pid"
    fi
    port="$(svc_port "$svc")"
    if port_listening "$port"; then
      listener="$(port_listener_pid "$port")"
      if [[ -n $listener ]] && pid_is_ours "$listener" "$RUN_DIR"; then
        log "$svc: stopping pid $listener (ours, without a pid file)"
        stop_pid "$listener" 30 "$svc"
      else
        warn "$svc: port $port is still served by $(describe_listener "$port"), not started from $RUN_DIR: left alone"
      fi
    fi
  done
  # the controller port too
  if port_listening "$KAFKA_CONTROLLER_PORT"; then warn "kafka controller port $KAFKA_CONTROLLER_PORT still served by $(describe_listener "$KAFKA_CONTROLLER_PORT")"; fi
  log "down"
}

cmd_reset() {
  cmd_down
  local pg_elsewhere=""
  [[ -f $RUN_DIR/postgres/LOCATION ]] && pg_elsewhere="$(dirname "$(<"$RUN_DIR/postgres/LOCATION")")"
  rm -rf "$RUN_DIR"
  [[ -n $pg_elsewhere && $pg_elsewhere == /var/tmp/platform-dev-services-* ]] && rm -rf "$pg_elsewhere"
  log "reset: removed $RUN_DIR"
}

main() {
  local cmd=${1:-}
  shift || true
  load_env
  case $cmd in
    up) cmd_up ;;
    status) cmd_status "$@" ;;
    down) cmd_down ;;
    restart)
      cmd_down
      cmd_up
      ;;
    reset) cmd_reset ;;
    *)
      sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
