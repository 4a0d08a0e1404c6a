# kafka-pulse container image.
#
#   docker build -t kafka-pulse .                  # builder stage: compiles everything from source
#   docker run --rm -p 9308:9308 kafka-pulse       # no flags: the built-in demo cluster
#
# The runtime stage takes /stage (usr/local/bin/kafka-pulse and kafka-pulse-worker,
# usr/local/lib/librdkafka.so.1) from the stage named by DIST: "builder" compiles it here;
# "prebuilt" copies .build-image/stage from the build context, which scripts/image-test.sh fills with the same commands on the host. The
# test suite builds `--target runtime --build-arg DIST=prebuilt` with buildah and runs it; the
# builder stage needs the Swift image and the internet, which the test machine does not have.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim
ARG DIST=builder

# --- librdkafka >= 2.3 (its own stage: cached apart from the Swift build) ----------------------
FROM ${SWIFT_IMAGE} AS librdkafka
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# librdkafka's build dependencies (the same -dev packages as scripts/setup.sh; its configure
# wants a C++ compiler too, which the Swift image lacks).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        g++ make pkg-config patchelf \
        libssl-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*

# bookworm's librdkafka is 2.0.2, too old: build Debian sid's 2.14.2 source package with our
# patches (scripts/librdkafka-patches/, the same that scripts/setup.sh applies) and the features and
# prefix of scripts/setup.sh. Package.swift finds a librdkafka in .deps/librdkafka.
ARG RDKAFKA_VERSION=2.14.2
ARG RDKAFKA_ORIG_SHA256=4d53568c13717b167d12c7b2a0fe12aeb5d6bfe02de53df5b68f86d870a81b33
WORKDIR /tmp/librdkafka
COPY scripts/librdkafka-patches/ /tmp/librdkafka-patches/
# hadolint ignore=DL3008
RUN echo "deb-src http://deb.debian.org/debian sid main" >/etc/apt/sources.list.d/sid-src.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends patch \
    && apt-get source --download-only -o APT::Sandbox::User=root "librdkafka=${RDKAFKA_VERSION}-*" \
    && echo "${RDKAFKA_ORIG_SHA256}  librdkafka_${RDKAFKA_VERSION}.orig.tar.gz" | sha256sum -c - \
    && tar -xzf "librdkafka_${RDKAFKA_VERSION}.orig.tar.gz" --strip-components=1 \
    && for p in /tmp/librdkafka-patches/*.patch; do [ ! -f "$p" ] || patch -p1 --forward --batch -i "$p"; done \
    && ./configure --prefix=/src/.deps/librdkafka --no-download \
        --enable-ssl --disable-gssapi --enable-zstd --enable-lz4-ext --enable-zlib --enable-curl \
    && make -j"$(nproc)" libs \
    && make -C src install \
    && rm -rf /tmp/librdkafka /tmp/librdkafka-patches /etc/apt/sources.list.d/sid-src.list /var/lib/apt/lists/*

# --- builder: release binaries with the Swift runtime linked in ----------------------------------
FROM librdkafka AS builder
WORKDIR /src
ENV PKG_CONFIG_PATH=/src/.deps/librdkafka/lib/pkgconfig
# Package.resolved is not in git (versions come from Package.swift's ranges), so only the manifest.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# Keep these lines identical to scripts/image-test.sh's (a test compares them). Both executables:
# the exporter (kafka-pulse) starts its librdkafka processes from kafka-pulse-worker beside it. Only
# the worker links librdkafka; it finds librdkafka.so.1 in ../lib, and nowhere on the build machine.
# The exporter needs no runpath at all.
# hadolint ignore=SC2016
RUN swift build -c release --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && install -D -m 0755 "$bin/kafka-pulse" /stage/usr/local/bin/kafka-pulse \
    && install -D -m 0755 "$bin/kafka-pulse-worker" /stage/usr/local/bin/kafka-pulse-worker \
    && install -D -m 0644 /src/.deps/librdkafka/lib/librdkafka.so.1 /stage/usr/local/lib/librdkafka.so.1 \
    && strip /stage/usr/local/bin/kafka-pulse /stage/usr/local/bin/kafka-pulse-worker \
    && strip --strip-unneeded /stage/usr/local/lib/librdkafka.so.1 \
    && patchelf --remove-rpath /stage/usr/local/bin/kafka-pulse \
    && patchelf --set-rpath '$ORIGIN/../lib' /stage/usr/local/bin/kafka-pulse-worker

# --- prebuilt: the same /stage, built on the host by scripts/image-test.sh ----------------------
FROM scratch AS prebuilt
COPY .build-image/stage/ /stage/

FROM ${DIST} AS dist

# --- runtime -----------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kafka-pulse" \
      org.opencontainers.image.description="Prometheus exporter for Apache Kafka: consumer lag, offsets and cluster health, sampled in the background" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/kafka-pulse/kafka-pulse" \
      org.opencontainers.image.documentation="https://github.com/kafka-pulse/kafka-pulse#container-and-kubernetes" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"

# What librdkafka links (TLS, SASL, compression, curl for OIDC) and CA certificates for TLS to
# brokers; the Swift runtime is linked into both binaries. Versions come with the base image's
# release: pinning exact Debian revisions would break the build at every security update.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libssl3 libzstd1 liblz4-1 zlib1g libcurl4 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin kafka-pulse

# The exporter starts its worker processes from kafka-pulse-worker beside it, which finds
# librdkafka.so.1 through its runpath $ORIGIN/../lib.
COPY --from=dist /stage/ /

USER 10001:10001
EXPOSE 9308
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/usr/local/bin/kafka-pulse", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kafka-pulse"]
