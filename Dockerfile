# tap-stripe: one image for both protocols.
#   Airbyte: runs as is (the image's default protocol is airbyte): `spec`, `check --config …`, `discover --config …`,
#            `read --config … --catalog … [--state …]`.
#   Singer:  add `--protocol singer` (or set TAP_STRIPE_PROTOCOL=singer): `--config … [--catalog …] [--state …]`.
# Build: docker build -t tap-stripe .   (the README shows the podman commands used to build and run it)

# 1. Build with the dev dependencies (TypeScript), then keep only the production ones.
FROM node:20-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY schemas ./schemas
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# 2. Ship the compiled CLI, its schemas and production dependencies, read-only, run by a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TAP_STRIPE_PROTOCOL=airbyte \
    AIRBYTE_ENTRYPOINT="/usr/local/bin/node /app/dist/src/cli.js"
WORKDIR /app
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/schemas ./schemas
COPY --from=build /build/dist/src ./dist/src
# a writable working directory for the user (the tap itself writes only to stdout and stderr)
RUN install -d -o node -g node /data
WORKDIR /data
USER node
LABEL io.airbyte.name=tap-stripe \
      io.airbyte.version=0.1.0
ENTRYPOINT ["/usr/local/bin/node", "/app/dist/src/cli.js"]
