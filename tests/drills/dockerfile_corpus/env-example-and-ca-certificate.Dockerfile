FROM nginx:1.27.3-alpine
COPY .env.example /usr/share/nginx/html/env.example
COPY certs/ca.pem /etc/ssl/certs/internal-ca.pem
COPY dist/ /usr/share/nginx/html/
USER nginx
HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1
