FROM node:20.9-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
ENV NODE_ENV=production
COPY . .
USER node
CMD ["yarn", "start"]
