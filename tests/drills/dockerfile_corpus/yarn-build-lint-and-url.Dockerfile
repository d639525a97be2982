FROM node:16.20-bullseye AS build
RUN curl -fsSL https://dl.yarnpkg.com/debian/pubkey.gpg -o /tmp/yarn.gpg
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --network-timeout 600000
COPY . .
RUN yarn lint && yarn test && yarn build

FROM node:16.20-bullseye-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --production --frozen-lockfile && yarn cache clean
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/index.js"]
