#!/usr/bin/env bash
# Used by `npm test` before the tests: returns at once when every local server already answers
# (services.sh status --quiet, about a second), otherwise runs `services.sh up`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if bash "$HERE/services.sh" status --quiet; then
  echo "[dev-services] all servers answer (details: npm run services:status)"
  exit 0
fi
exec bash "$HERE/services.sh" up
