# One image per app: `npx nx docker <app>` builds the app first (dist/apps/<app>, with the
# package.json and lock file Nx generates from what the bundle imports), then this file.
# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS deps
ARG APP
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary matches; onnxruntime-node ships its CPU binary.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY .npmrc ./
COPY dist/apps/${APP}/package.json dist/apps/${APP}/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ARG APP
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY dist/apps/${APP}/ ./
USER node
CMD ["node", "main.js"]
