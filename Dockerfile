# OmniReach container image: one static-ish Rust binary with the web UI embedded.
#
#   docker build -t omnireach:local .
#   docker run --rm -p 8080:8080 -v omnireach-data:/data omnireach:local
#
# Stages:
#   web      - builds web/ (React + Vite) into web/dist
#   builder  - builds the release binary; web/dist is embedded at compile time
#   runtime  - debian:bookworm-slim, non-root, no compilers, no Node
#
# Needs BuildKit (the default builder since Docker 23) for RUN --mount caches.

############################
# (a) Web UI
############################
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
# Dependencies first so the npm layer is cached while only sources change.
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

############################
# (b) Rust release build
############################
FROM rust:1.95-bookworm AS builder
WORKDIR /src
# No database at build time: sqlx query macros, if any, use the committed .sqlx/ data.
ENV SQLX_OFFLINE=true
COPY . .
# The embedded UI must exist before compiling (rust-embed reads web/dist).
COPY --from=web /src/web/dist ./web/dist
# target/ lives in a cache mount, so the binary is copied out in the same RUN.
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --bin omnireach \
 && install -D -m 0755 target/release/omnireach /out/omnireach

############################
# (c) Runtime
############################
FROM debian:bookworm-slim AS runtime
ARG OMNIREACH_UID=10001
# Unpinned on purpose: a rebuild picks up Debian security updates.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid ${OMNIREACH_UID} omnireach \
 && useradd --system --uid ${OMNIREACH_UID} --gid omnireach \
        --home-dir /data --no-create-home --shell /usr/sbin/nologin omnireach \
 && mkdir -p /data \
 && chown omnireach:omnireach /data

COPY --from=builder /out/omnireach /usr/local/bin/omnireach

ENV HOST=0.0.0.0 \
    PORT=8080 \
    OMNIREACH_DATA_DIR=/data \
    RUST_LOG=info \
    OMNIREACH_LOG_FORMAT=json

# Numeric so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

# Health check without curl: bash (always present in bookworm-slim) opens a TCP
# socket with /dev/tcp, sends a minimal HTTP/1.1 request to GET /health and
# passes only if the status line says 200. Chosen over installing curl because
# it adds no package (no libcurl/OpenSSL/libssh CVE surface to patch) yet still
# checks a real HTTP answer, not merely an open port. `read -t` bounds the wait.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 4 _ code _ <&3 && [ \"$code\" = 200 ]"]

ENTRYPOINT ["omnireach"]
CMD ["serve"]
