# arpaudit in a container: capture on the host's interfaces (--network host)
# with only the capabilities libpcap needs.
#   docker build -t arpaudit .
#   docker run --rm --network host --cap-drop ALL --cap-add NET_RAW --cap-add NET_ADMIN \
#     -v arpaudit:/var/lib/arpaudit arpaudit live -i eth0 --state /var/lib/arpaudit/eth0.db --metrics :9850
# The build steps are scripts/container-build.sh, which the test suite runs
# on a copy of the repository when no container engine is available.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpcap-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY bin/ bin/
COPY test/ test/
COPY bench/ bench/
COPY docs/ docs/
COPY fixtures/demo-lvs-dr.pcap fixtures/demo-lvs-dr.expect.json fixtures/
COPY README.md LICENSE ./
RUN sh scripts/container-build.sh /src /app

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN mkdir -p /var/lib/arpaudit && node /app/bin/arpaudit.js --version
VOLUME /var/lib/arpaudit
ENTRYPOINT ["node", "/app/bin/arpaudit.js"]
CMD ["live", "--no-tui", "--format", "json", "--state", "/var/lib/arpaudit/state.db"]
