FROM node:18 AS development
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build

FROM node:18 AS production
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
COPY --from=development /usr/src/app/dist ./dist
CMD ["node", "dist/main"]
