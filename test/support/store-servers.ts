import { DataSource } from 'typeorm';
import type { TurnWrite } from '../../src/interactions/model/interaction.model.js';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { openStoreOn } from '../../src/persistence/open-store.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

/**
 * A test database of `kind` for the file's tests (made before them, dropped after), and `server()`: a data
 * source and store on it as one server process has them, its own pool and its own cache (closed after).
 */
export function useStoreServers(kind: DatabaseKind) {
  let db: TestDatabase | undefined;
  const sources: DataSource[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await db?.drop();
  });
  return {
    async server() {
      const settings = loadSettings(db!.env);
      const source = await new DataSource(dataSourceOptions(settings)).initialize();
      await runMigrations(source);
      sources.push(source);
      return { source, store: openStoreOn(source, settings) };
    },
  };
}

/** A turn of the fixture `counter` process as the store writes it: the state after `seq` turns. */
export function counterTurn(seq: number, messageId: string | null = null): TurnWrite {
  return {
    state: { current: 'count', stack: [], done: {}, context: { _done_: [], counter: seq }, kb: {} },
    processVersion: 'v1',
    status: 'active',
    entry: {
      seq,
      messageId,
      input: seq === 1 ? null : { type: 'utterance', utterance: `m${seq}` },
      reply: { utterance: `${seq}`, payload: {}, seq, activity: 'count', status: 'active' },
      activityBefore: seq === 1 ? null : 'count',
      activityAfter: 'count',
    },
  };
}
