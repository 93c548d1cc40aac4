#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes sure the services the tests talk to are up, and tells the
# tests where they are. On a machine without them the tests that need one skip, saying so;
# with CI=true a missing service fails the run instead.
#   TRESTLE_TEST_POSTGRES_URL  PostgreSQL, database "test" (trust auth)
#   TRESTLE_TEST_MYSQL_URL     MariaDB/MySQL, user root without a password, database "test"
#   TRESTLE_TEST_REDIS_URL     Redis
#   TRESTLE_TEST_CHROMIUM      Debian's chromium, for the browser tests

_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_wait_for_port() {
  for _ in $(seq 1 30); do
    _port_open "$1" && return 0
    sleep 1
  done
  return 1
}

_start_service() {
  local name=$1 port=$2
  shift 2
  if _port_open "$port"; then
    return 0
  fi
  echo "== starting $name"
  "$@" >/dev/null 2>&1 || true
  _wait_for_port "$port" || echo "!! $name did not start on port $port"
}

if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  _start_service PostgreSQL 5432 pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
fi
if command -v redis-server >/dev/null 2>&1; then
  _start_service Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 \
    --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if [ -x /usr/sbin/mariadbd ]; then
  _start_service MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi

_port_open 5432 && export TRESTLE_TEST_POSTGRES_URL="${TRESTLE_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
_port_open 3306 && export TRESTLE_TEST_MYSQL_URL="${TRESTLE_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"
_port_open 6379 && export TRESTLE_TEST_REDIS_URL="${TRESTLE_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"

# Browser tests drive Debian's chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing chromium (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "!! could not install chromium"
fi
command -v chromium >/dev/null 2>&1 && export TRESTLE_TEST_CHROMIUM="${TRESTLE_TEST_CHROMIUM:-$(command -v chromium)}"
true
