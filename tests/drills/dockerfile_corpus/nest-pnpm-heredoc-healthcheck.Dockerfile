# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=22.12.0
FROM node:${NODE_VERSION}-slim AS base
ENV PNPM_HOME="/pnpm"
ENV PATH="$PNPM_HOME:$PATH"
RUN corepack enable
WORKDIR /app

FROM base AS prod-deps
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --prod --frozen-lockfile

FROM base AS build
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build

FROM base
COPY --from=prod-deps /app/node_modules /app/node_modules
COPY --from=build /app/dist /app/dist
COPY <<EOF /app/healthcheck.mjs
const res = await fetch("http://127.0.0.1:3000/health").catch(() => null);
process.exit(res && res.ok ? 0 : 1);
EOF
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD ["node", "/app/healthcheck.mjs"]
CMD [ "node", "dist/main.js" ]
