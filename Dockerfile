# The haoban binary: dev | migrate | api | worker.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/haoban ./cmd/haoban

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/haoban /haoban
EXPOSE 8080
ENTRYPOINT ["/haoban"]
