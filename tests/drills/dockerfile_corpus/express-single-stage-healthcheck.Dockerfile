FROM node:20.17.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /usr/src/app
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --chown=node:node . .
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s CMD node healthcheck.js
CMD ["node", "server.js"]
