from node:20.14-alpine as base
workdir /app
copy package.json package-lock.json ./
run npm ci --omit=dev
copy . .
stopsignal SIGINT
user node
cmd ["node", "index.js"]
