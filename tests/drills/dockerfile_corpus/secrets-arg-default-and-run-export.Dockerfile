FROM node:20.16-alpine AS build
ARG SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOjE3MDAwMDAwMDB9
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN export SENTRY_RELEASE=1.2.3 && npm run build

FROM node:20.16-alpine
WORKDIR /app
COPY --from=build /app/.output ./.output
USER node
CMD ["node", ".output/server/index.mjs"]
