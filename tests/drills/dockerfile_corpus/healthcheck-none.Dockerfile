FROM redis:7.2-alpine
COPY redis.conf /usr/local/etc/redis/redis.conf
HEALTHCHECK NONE
USER redis
CMD ["redis-server", "/usr/local/etc/redis/redis.conf"]
