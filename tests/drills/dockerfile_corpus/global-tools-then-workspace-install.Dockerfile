FROM node:22.12-slim AS build
RUN npm install -g pnpm@9.15.0 turbo@2.3.3
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/web/package.json apps/web/
COPY packages/ui/package.json packages/ui/
RUN pnpm install --frozen-lockfile
COPY . .
RUN turbo run build --filter=web
RUN pnpm deploy --filter=web --prod /out

FROM node:22.12-slim
WORKDIR /app
COPY --from=build /out .
USER node
CMD ["node", "server.js"]
