# Production image: built once, started by the same `npm start` as on a notebook, on PostgreSQL.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY . .
RUN npm ci && npx turbo run build --filter=@labnet/web
ENV NODE_ENV=production LABNET_SKIP_BUILD=1
EXPOSE 3000
CMD ["npm", "start"]
