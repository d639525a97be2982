FROM node:20.14-alpine
WORKDIR /app
COPY [".", "./"]
RUN npm ci --omit=dev
USER node
CMD ["node", "index.js"]
