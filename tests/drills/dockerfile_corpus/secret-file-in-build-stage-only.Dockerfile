FROM node:20.14-bookworm-slim AS build
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
COPY id_ed25519 /root/.ssh/id_ed25519
RUN npm ci && rm -f .npmrc /root/.ssh/id_ed25519
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.14-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/index.js"]
