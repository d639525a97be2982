FROM node:24-trixie-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends tini && \
    apt-get dist-clean
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
ENTRYPOINT ["tini", "--"]
CMD ["node", "index.js"]
