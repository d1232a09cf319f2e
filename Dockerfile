# One image for both production processes; docker-compose.yml picks the command.
# The web UI is built in a stage of its own, so the image carries only its output.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src/shared ./src/shared
COPY web ./web
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY --from=web /app/dist/web ./dist/web
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
USER node
CMD ["npm", "run", "api"]
