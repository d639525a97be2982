FROM node:20.14-alpine
ENV TOKEN_SECRET change_me
ENV DB_PASS=supersecret
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
