import type { DataSource } from 'typeorm';
import type { Settings } from '../settings/settings.js';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from './entities/index.js';
import { InteractionRepository } from './interaction-repository.js';
import { PostgresTurnLog } from './postgres/postgres-turn-log.js';
import { SqliteTurnLog } from './sqlite/sqlite-turn-log.js';
import type { TurnLog } from './turn-log.js';

/** The one place that picks the database adapter: Postgres when the data source is Postgres, else SQLite. */
export function turnLogFor(dataSource: DataSource): TurnLog {
  return dataSource.options.type === 'postgres'
    ? new PostgresTurnLog(dataSource)
    : new SqliteTurnLog(dataSource);
}

/** The store on an initialised (and migrated) data source, outside Nest: for tools and tests. */
export function openStoreOn(dataSource: DataSource, settings: Settings): InteractionRepository {
  return new InteractionRepository(
    dataSource.getRepository(InteractionEntity),
    dataSource.getRepository(TurnEntity),
    dataSource.getRepository(UserKnowledgeEntity),
    turnLogFor(dataSource),
    settings,
  );
}
