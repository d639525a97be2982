FROM golang:1.21-alpine AS build
RUN apk add --no-cache git
RUN git clone https://deploy:ghp_abc123def456@github.com/acme/tool.git /src
WORKDIR /src
RUN go build -o /tool .

FROM alpine:3.19
COPY --from=build /tool /usr/local/bin/tool
USER nobody
ENTRYPOINT ["tool"]
