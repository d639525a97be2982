ARG NODE_VERSION=22.12
ARG VARIANT=alpine3.21
ARG DEBUG
FROM node:${NODE_VERSION}-${VARIANT} AS deps
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml ./
COPY .yarn ./.yarn
RUN yarn workspaces focus --production

FROM node:${NODE_VERSION:-22}-${VARIANT}${DEBUG:+-debug}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
CMD ["node", "index.js"]
