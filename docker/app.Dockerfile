# syntax=docker/dockerfile:1
# One image per app: `npx nx run-many -t docker` (or `npx nx run <app>:docker`) runs
# docker/build-image.sh, which builds this file with --build-arg APP=<app> PORT=<its port>.
#   build: the app built by Nx in its production configuration, as CI builds it;
#   deps:  only the production dependencies Nx lists for that bundle (dist/apps/<app>/package.json);
#   final: the bundle and those dependencies, run as the unprivileged `node` user.
# CI cannot run Docker here, so `nx run docker:bundle-check` runs what the final stage holds: the
# same bundle, the same `npm ci` of the deps stage, started against the real servers. Change the
# COPY and RUN lines below and docker/src/app-dockerfile.spec.ts asks you to change that check too.
ARG NODE_IMAGE=node:20.19.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /workspace
# better-sqlite3 (the embedded database driver, bundled by typeorm) compiles when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx build ${APP} --configuration=production --skip-nx-cache

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ARG APP
COPY .npmrc ./
COPY --from=build /workspace/dist/apps/${APP}/package.json /workspace/dist/apps/${APP}/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ARG APP
ARG PORT
ARG BUILD_VERSION=dev
ARG BUILD_COMMIT=unknown
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${PORT} BUILD_VERSION=${BUILD_VERSION} BUILD_COMMIT=${BUILD_COMMIT}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/${APP}/ ./
USER node
EXPOSE ${PORT}
# The apps close their consumers and servers on SIGTERM, then exit 0 (libs/app-runtime).
STOPSIGNAL SIGTERM
# Liveness, not readiness: an inference API waiting for its first champion is alive and must not be
# restarted; readiness (/health/ready) is what Prometheus, dashboards and load balancers look at.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]
