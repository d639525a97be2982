FROM node:20.11-alpine AS base
RUN npm install -g pm2@5.3.1

FROM base AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["pm2-runtime", "ecosystem.config.js"]
