#!/usr/bin/env bash
# `npx nx run <app>:docker`: builds platform/<app>:<version of package.json> from docker/app.Dockerfile
# (the app is built by Nx inside the image). Usage: docker/build-image.sh <app> <port>
set -euo pipefail
app=${1:?usage: docker/build-image.sh <app> <port>}
port=${2:?usage: docker/build-image.sh <app> <port>}
cd "$(dirname "$0")/.."
if ! command -v docker >/dev/null; then
  echo "docker: command not found. Install Docker Engine to build images; without it, \`npx nx run docker:bundle-check\` checks what the image would run." >&2
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  echo "docker: the Docker daemon does not answer (docker info failed). Start it (e.g. systemctl start docker) or point DOCKER_HOST at one; without it, \`npx nx run docker:bundle-check\` checks what the image would run." >&2
  exit 1
fi
version=$(node -p "require('./package.json').version")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
exec docker build -f docker/app.Dockerfile \
  --build-arg APP="$app" --build-arg PORT="$port" \
  --build-arg BUILD_VERSION="$version" --build-arg BUILD_COMMIT="$commit" \
  -t "platform/$app:$version" .
