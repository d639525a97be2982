FROM node:20.11.1-alpine3.19
WORKDIR /usr/src/app
RUN apk add --no-cache \
    # tini reaps zombies
    tini \

    curl
COPY package.json package-lock.json ./
RUN npm ci \
    --omit=dev \

    --no-audit
COPY src ./src
USER node
HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "src/index.js"]
