FROM bitnami/node:20.11.0 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM bitnami/node:20.11.0-debian-12-r3
WORKDIR /app
COPY --from=builder /app /app
USER 1001
EXPOSE 3000
CMD ["node", "dist/index.js"]
