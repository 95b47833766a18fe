// `npm run db:migrate`: applies db/migrations to DATABASE_URL and exits.
import { migrateDatabase } from '../db/migrate.js';
import { loadMigrateConfig } from '../lib/config.js';

const { databaseUrl } = loadMigrateConfig();
const started = Date.now();
try {
  await migrateDatabase(databaseUrl);
  process.stdout.write(`Migrations applied in ${Date.now() - started} ms.\n`);
} catch (error) {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
