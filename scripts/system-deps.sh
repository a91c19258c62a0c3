#!/usr/bin/env bash
# System services the test suite needs beyond PyPI, installed and started from Debian's
# packages so that CI on a fresh machine has exactly what developers have:
#   - PostgreSQL 15 on 127.0.0.1:5432 with a `redline` role allowed to create databases
#   - Chromium for the analyst-UI browser tests (Playwright drives /usr/bin/chromium)
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing system packages: ${need[*]} (run as root or install them); dependent tests will skip"
  fi
fi

if command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    pg_ctlcluster "$version" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 0.5
  done
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='redline'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE ROLE redline LOGIN PASSWORD 'redline' CREATEDB\""
  fi
  echo "postgresql: $(pg_isready -h 127.0.0.1) (role redline)"
fi
[ -x /usr/bin/chromium ] && echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
exit 0
