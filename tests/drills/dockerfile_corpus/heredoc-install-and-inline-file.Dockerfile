FROM node:22.11-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN <<EOF
set -e
npm ci
npm cache clean --force
EOF
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22.11-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY <<EOF /app/healthcheck.js
fetch("http://127.0.0.1:3000/healthz").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1));
EOF
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
HEALTHCHECK CMD ["node", "healthcheck.js"]
CMD ["node", "dist/main.js"]
