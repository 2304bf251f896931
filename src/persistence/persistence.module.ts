import { Logger, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Settings } from '../settings/settings.js';
import { CachedInteractionStore } from './cached-interaction-store.js';
import { dataSourceOptions } from './data-source-options.js';
import { ENTITIES } from './entities/index.js';
import { InteractionRepository } from './interaction-repository.js';
import { InteractionStore } from './interaction-store.js';
import { ProcessVersionStore } from '../processes/process-version-store.js';
import { ProcessVersionRepository } from './process-version-repository.js';
import { turnLogFor } from './open-store.js';
import { runMigrations } from './run-migrations.js';
import { TurnLog } from './turn-log.js';

/**
 * Binds the InteractionStore port: the turn protocol and its cache over the turn log of the database the
 * settings name (Postgres or SQLite), and the repositories for the reads; and the processes' versions.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Settings],
      useFactory: (settings: Settings) => ({
        ...dataSourceOptions(settings),
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const applied = await runMigrations(dataSource);
        const where =
          options!.type === 'postgres' ? 'Postgres' : `SQLite (${String(options!.database)})`;
        new Logger('Persistence').log(
          `database: ${where}; migrations applied now: ${applied.length === 0 ? 'none' : applied.join(', ')}`,
        );
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    InteractionRepository,
    { provide: TurnLog, inject: [getDataSourceToken()], useFactory: turnLogFor },
    { provide: InteractionStore, useClass: CachedInteractionStore },
    { provide: ProcessVersionStore, useClass: ProcessVersionRepository },
  ],
  exports: [InteractionStore, ProcessVersionStore],
})
export class PersistenceModule {}
