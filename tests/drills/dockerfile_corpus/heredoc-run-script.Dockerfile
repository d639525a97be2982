# syntax=docker/dockerfile:1
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:22-bookworm-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY src ./src
USER node
HEALTHCHECK CMD curl -fsS http://localhost:3000/healthz || exit 1
CMD ["node", "src/server.js"]
