FROM ghost:5.96-alpine
RUN cd /var/lib/ghost && npm install ghost-storage-adapter-s3@2.8.0 \
 && mkdir -p content/adapters/storage \
 && cp -r node_modules/ghost-storage-adapter-s3 content/adapters/storage/s3
USER node
