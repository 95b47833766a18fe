import { defineConfig } from 'drizzle-kit';

// Generation needs no database: it diffs db/schema.ts against the committed snapshots.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
