import { DataSource, type DataSourceOptions, type EntityMetadata } from 'typeorm';
import { dataSourceOptions } from '../src/persistence/data-source-options.js';
import {
  InteractionEntity,
  TurnEntity,
  UserKnowledgeEntity,
} from '../src/persistence/entities/index.js';
import { runMigrations } from '../src/persistence/run-migrations.js';
import { loadSettings } from '../src/settings/settings.js';

/** The entities' metadata (table and column names) as the server sees them, from a short-lived DataSource. */
export async function withEntities<T>(
  databaseUrl: string,
  use: (entities: {
    turns: EntityMetadata;
    interactions: EntityMetadata;
    knowledge: EntityMetadata;
    source: DataSource;
  }) => Promise<T>,
): Promise<T> {
  const options = dataSourceOptions(
    loadSettings({ DATABASE_URL: databaseUrl, DB_STATEMENT_TIMEOUT_MS: '0' }),
  );
  const source = await new DataSource(options as DataSourceOptions).initialize();
  try {
    return await use({
      turns: source.getMetadata(TurnEntity),
      interactions: source.getMetadata(InteractionEntity),
      knowledge: source.getMetadata(UserKnowledgeEntity),
      source,
    });
  } finally {
    await source.destroy();
  }
}

/** Creates the server's tables in a database no server has booted on yet (as the server would at boot). */
export const migrate = (databaseUrl: string) =>
  withEntities(databaseUrl, async ({ source }) => void (await runMigrations(source)));
