import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../persistence/data-source-options.js';
import { runMigrations } from '../persistence/run-migrations.js';
import { loadSettings } from '../settings/settings.js';

/** `npm run db:migrate`: brings the configured database's schema up to date (the server also does it at boot). */
async function main(): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(loadSettings())).initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(
      applied.length === 0 ? 'the schema is up to date' : `applied: ${applied.join(', ')}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
