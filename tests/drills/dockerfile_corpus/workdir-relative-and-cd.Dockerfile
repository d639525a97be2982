FROM node:20.14-alpine
WORKDIR app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
RUN cd src && node prepare.js
USER node
CMD ["node", "src/index.js"]
