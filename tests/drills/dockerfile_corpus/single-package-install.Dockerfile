FROM node:18.20-bookworm-slim
WORKDIR /scraper
RUN npm install cheerio@1.0.0
COPY scrape.js .
USER node
CMD ["node", "scrape.js"]
