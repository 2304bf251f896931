import { Global, Logger, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Settings } from '../settings/settings.js';
import { AnalyticsRollupTicker } from './analytics-rollup-ticker.js';
import { dataSourceOptions } from './data-source-options.js';
import { ENTITIES } from './entities/index.js';
import { InteractionRepository } from './interaction-repository.js';
import { InteractionStore } from '../interactions/interaction-store.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ProcessVersionStore } from '../processes/process-version-store.js';
import { ProcessVersionRepository } from './process-version-repository.js';
import { turnLogFor } from './open-store.js';
import { runMigrations } from './run-migrations.js';
import { TurnLog } from './turn-log.js';

/**
 * Binds the InteractionStore port to the InteractionRepository over the turn log of the database the
 * settings name (Postgres or SQLite), and hands the metrics the pool; and the processes' versions to the
 * ProcessVersionRepository; and on Postgres adds the analytics' queue to their rollup every second.
 * Global, imported once by the app: the features depend on their port, never on this module.
 */
@Global()
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
    {
      provide: TurnLog,
      inject: [getDataSourceToken(), MetricsService],
      useFactory: (dataSource: DataSource, metrics: MetricsService) => {
        const log = turnLogFor(dataSource);
        metrics.watchPool(log);
        return log;
      },
    },
    { provide: InteractionStore, useClass: InteractionRepository },
    { provide: ProcessVersionStore, useClass: ProcessVersionRepository },
    AnalyticsRollupTicker,
  ],
  exports: [InteractionStore, ProcessVersionStore],
})
export class PersistenceModule {}
