FROM node:20.12-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && rm -rf node_modules

FROM node:20.12-alpine
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "dist/bundle.js"]
