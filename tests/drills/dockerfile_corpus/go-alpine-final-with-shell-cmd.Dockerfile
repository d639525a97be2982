FROM golang:1.22.5-alpine3.20 AS builder
WORKDIR /build
COPY . .
RUN go mod download
RUN go build -o main .

FROM alpine:3.20
RUN apk --no-cache add ca-certificates tzdata
WORKDIR /root/
COPY --from=builder /build/main .
EXPOSE 8080
CMD ./main
