FROM node:21.7-alpine3.19
WORKDIR /srv
COPY package.json package-lock.json ./
RUN NODE_ENV=production npm ci
COPY lib ./lib
USER node
CMD ["node", "lib/main.js"]
