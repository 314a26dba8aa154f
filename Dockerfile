# The haoban binary: dev | migrate | api | worker.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/haoban ./cmd/haoban

# Debian's tesseract reads the scans of ID cards and licences on upload;
# LXGW WenKai draws the sealed documents, Noto CJK the seal pictures.
FROM debian:12.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim \
    fonts-lxgw-wenkai fonts-noto-cjk ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 65532 nonroot \
    && mkdir -p /var/lib/haoban/blobs && chown nonroot /var/lib/haoban/blobs
COPY --from=build /out/haoban /haoban
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/haoban"]
