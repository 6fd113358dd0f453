# Lumen: one image for the web chat, the Slack and Teams endpoints and the CLI.
# Build: docker build -t lumen .   Run: docker run -p 3978:3978 --env-file .env lumen
# The image runs the compiled JavaScript on Node 24 LTS; TypeScript is only in the build stage.

# Compile: all dependencies, then the TypeScript in src/ to dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Without the `prepare` build, which needs src/: that runs below, once the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
# The build checks the built-in lessons, so that the server does not parse them at every start.
COPY prompts ./prompts
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# Run: the compiled output, production dependencies, prompts and lessons, the sample knowledge.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0 \
    LUMEN_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY prompts ./prompts
COPY manifests/teams ./manifests/teams
COPY samples/knowledge ./samples/knowledge
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3978
# Liveness: the process answers. Orchestrators that route traffic probe readiness on /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/bundle/main.js"]
