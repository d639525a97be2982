FROM node:20.10-bookworm-slim
ARG NODE_ENV=production
ENV NODE_ENV $NODE_ENV
WORKDIR /usr/src/app
COPY package.json package-lock.json* ./
RUN npm ci && npm cache clean --force
COPY . .
USER node
CMD [ "node", "bin/www" ]
