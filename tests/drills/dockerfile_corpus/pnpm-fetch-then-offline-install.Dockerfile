FROM node:20.15-slim AS build
RUN corepack enable
WORKDIR /app
COPY pnpm-lock.yaml ./
RUN pnpm fetch --prod
COPY . .
RUN pnpm install --offline --prod

FROM node:20.15-slim
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "index.js"]
