# syntax=docker/dockerfile:1
#
# NMIRF Knowledge Hub: the server binary (also `import`, `export`, `gen`) in a distroless image.
#
#   docker build -t nmirf-hub .
#   docker run --rm -p 127.0.0.1:8080:8080 -e NEO4J_URI=neo4j+s://<id>.databases.neo4j.io \
#     -e NEO4J_USERNAME=neo4j -e NEO4J_PASSWORD=… -e CORS_ALLOWED_ORIGINS=https://example.org nmirf-hub
#   docker run --rm -v "$PWD:/in:ro" -e NEO4J_URI=… nmirf-hub import --format uhri-json /in/file.json
#
# Needs BuildKit (the default builder since Docker 23; also buildx, Podman/Buildah).
#
# No HEALTHCHECK: the final image has no shell and no curl/wget to run one. Orchestrators probe
# the HTTP endpoints instead: GET /healthz (liveness: 200 while the process is up) and
# GET /readyz (readiness: 200 while Neo4j answers, 503 otherwise). See docs/DEPLOYMENT.md.

# ---- 1. playground assets (GraphiQL, React) from npm into ui/assets/ -------------------------
# Platform-independent output, so it always runs on the build machine's own platform.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS assets
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
# --ignore-scripts: only prebuilt files are copied out of the packages; no install script is needed.
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY web/scripts/ ./scripts/
# Writes /src/ui/assets/*.js|css and sri.json (Subresource Integrity hashes read by ui/ui.go).
RUN npm run --silent assets

# ---- 2. Go build -----------------------------------------------------------------------------
# 1.26.8 = the `go` line of go.mod; GOTOOLCHAIN=local fails loudly instead of downloading another Go.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
ENV GOTOOLCHAIN=local CGO_ENABLED=0
WORKDIR /src
# Modules first: this layer is reused until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/ui/assets/ ./ui/assets/
# Cross-compiled on the build machine: TARGETOS/TARGETARCH come from BuildKit's --platform
# (`docker buildx build --platform linux/amd64,linux/arm64 …`).
ARG TARGETOS TARGETARCH
# The check fails the build if the playground assets are missing (the page would answer 503).
RUN --mount=type=cache,target=/root/.cache/go-build \
    test -s ui/assets/sri.json && \
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/hub .

# ---- 3. runtime --------------------------------------------------------------------------------
# static-debian12 carries CA certificates (for neo4j+s:// and Aura) and tzdata; no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/hub /hub
ENV HOST=0.0.0.0 PORT=8080 HUB_PROFILE=production
EXPOSE 8080
USER nonroot
# SIGTERM drains in-flight requests for up to 20 s: give the container at least 25 s to stop
# (`docker stop -t 25`, compose stop_grace_period, Kubernetes terminationGracePeriodSeconds).
ENTRYPOINT ["/hub"]
