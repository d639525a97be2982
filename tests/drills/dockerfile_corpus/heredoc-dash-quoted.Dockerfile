FROM node:20.18-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
RUN cat <<'EOF' > /etc/nginx/conf.d/default.conf
server {
    listen 8080;
    location / { root /usr/share/nginx/html; try_files $uri /index.html; }
}
EOF
RUN <<-EOT
	set -e
	chown -R nginx:nginx /var/cache/nginx
	touch /var/run/nginx.pid && chown nginx:nginx /var/run/nginx.pid
	EOT
COPY --from=build /src/dist /usr/share/nginx/html
USER nginx
HEALTHCHECK CMD wget -qO- http://127.0.0.1:8080/ || exit 1
CMD ["nginx", "-g", "daemon off;"]
