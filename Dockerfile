# testbed: build with Rust, run on a small Debian with CA certificates, as a non-root user.
#
#   docker build -t testbed .
#   docker run -d --name testbed -p 8080:8080 -v /srv/openlibrary/testing:/data \
#     -e TESTBED_REPO=internetarchive/openlibrary -e GITHUB_TOKEN=… testbed
#
# docs/operations.md says what goes in /data and which settings a real deployment needs.

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=bookworm

FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS build
WORKDIR /build
# Dependencies first, built against stand-in sources, so this layer stays cached until
# Cargo.toml or Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked --bin testbed \
    && rm -rf src
# The binary embeds the manifest and the demo's fixtures.
COPY app-manifest.yml ./
COPY fixtures ./fixtures
COPY src ./src
# COPY keeps the files' own times, which may be older than the stand-ins' build: touching makes
# Cargo rebuild the crate itself.
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --bin testbed \
    && install -D target/release/testbed /out/testbed

FROM debian:${DEBIAN_RELEASE}-slim
# CA certificates for GitHub and Jenkins over HTTPS; curl for the health check only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin testbed \
    && mkdir -p /data \
    && chown testbed:testbed /data
COPY --from=build /out/testbed /usr/local/bin/testbed

# Every file testbed writes lives in the volume: the state file with its sidecars (.lock,
# .history, .audit.jsonl), the branch script's result and the App's credentials from /setup.
# The feature flags file is off unless set (e.g. -e TESTBED_FLAGS_FILE=/data/flags.yml): a
# configured file that is missing shows as a problem, and an empty value cannot unset it.
ENV TESTBED_LISTEN=0.0.0.0:8080 \
    TESTBED_STATE_FILE=/data/_testing-prs.json \
    TESTBED_STATUS_FILE=/data/_dev-merged_status.txt \
    TESTBED_APP_CREDENTIALS=/data/.testbed-app.env \
    TESTBED_LOG_JSON=true
VOLUME ["/data"]
EXPOSE 8080
USER testbed
WORKDIR /data

# /healthz answers 200 for as long as the server serves, "degraded" included: a broken state
# file needs a person, not a restart.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD curl --fail --silent --show-error --max-time 4 http://127.0.0.1:8080/healthz \
        > /dev/null || exit 1

# SIGTERM (docker stop) lets open requests and queued deliveries finish within
# TESTBED_SHUTDOWN_SECONDS (8), before Docker's own 10 s run out.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/testbed"]
CMD ["serve"]
