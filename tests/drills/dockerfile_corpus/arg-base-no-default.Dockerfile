ARG BASE
FROM ${BASE} AS runtime
WORKDIR /app
COPY dist/ ./dist/
USER 1000
CMD ["./dist/server"]
