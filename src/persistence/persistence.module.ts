import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Settings } from '../settings/settings.js';
import { dataSourceOptions } from './data-source-options.js';
import { InteractionStore } from './interaction-store.js';
import { runMigrations } from './run-migrations.js';
import { TypeormInteractionStore } from './typeorm-interaction-store.js';

/** Binds the InteractionStore port to its TypeORM adapter, on Postgres or SQLite as the settings say. */
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
  ],
  providers: [{ provide: InteractionStore, useClass: TypeormInteractionStore }],
  exports: [InteractionStore],
})
export class PersistenceModule {}
