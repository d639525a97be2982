FROM ubuntu:24.04
RUN apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qqy install --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
COPY site/ /var/www/html/
HEALTHCHECK CMD service nginx status || exit 1
CMD ["nginx", "-g", "daemon off;"]
