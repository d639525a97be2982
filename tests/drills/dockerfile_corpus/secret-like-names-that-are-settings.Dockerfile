FROM node:20.14-alpine
ENV TOKEN_TTL=3600 \
    PASSWORD_MIN_LENGTH=12 \
    SESSION_SECRET_FILE=/run/secrets/session \
    AUTH_TOKEN_HEADER=Authorization \
    JWT_SECRET_ROTATION_DAYS=30
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
