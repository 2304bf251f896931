import pg from 'pg';
import { type ApiTime, timeApi } from './api-times.js';
import { migrate } from './database.js';
import { ADMIN_TOKEN, measure, postgresDatabase } from './measure.js';
import { preload } from './preload.js';
import type { Row, Stored } from './targets.js';
import { checkTemplate, readTemplate } from './turn-template.js';

/**
 * Flat as the data grows: the same ws load on Postgres on an empty database and on one preloaded with
 * `turns` turns of `interactions` interactions, alternated for `rounds` rounds (empty first: its turns are the
 * preload's template); on the preloaded database's last round, the HTTP API's reads timed on the same server.
 */
export async function flatData(options: {
  turns: number;
  interactions: number;
  rounds: number;
  connections: number;
  apiRuns: number;
}): Promise<Stored> {
  const empty = await postgresDatabase('empty');
  const full = await postgresDatabase('stored');
  if (empty === null || full === null)
    throw new Error('--stored needs the Postgres server of --postgres');
  try {
    const rounds: { empty: Row; stored: Row }[] = [];
    let api: ApiTime[] = [];
    let loaded = { turns: 0, ms: 0, templateDiffers: [] as string[] };
    let sample = { id: '', uid: '', turns: 0 };
    const env = (url: string) => ({ DATABASE_URL: url, ADMIN_TOKEN });
    for (let round = 1; round <= options.rounds; round += 1) {
      const emptyRow = await measure(
        'empty database',
        'ws',
        'Postgres',
        options.connections,
        env(empty.url),
      );
      if (round === 1) {
        const client = new pg.Client({ connectionString: empty.url });
        await client.connect();
        const template = await readTemplate(client);
        await client.end();
        await migrate(full.url);
        console.error(
          `preloading ${options.turns} turns of ${options.interactions} interactions...`,
        );
        const done = await preload(full.url, template, options.turns, options.interactions);
        loaded = { turns: done.turns, ms: done.ms, templateDiffers: checkTemplate(template) };
        sample = done.sample;
        console.error(`preloaded in ${done.ms} ms`);
      }
      const last = round === options.rounds;
      const storedRow = await measure(
        `${loaded.turns.toLocaleString('en')} turns stored`,
        'ws',
        'Postgres',
        options.connections,
        env(full.url),
        last
          ? async (url) => {
              api = await timeApi(url, ADMIN_TOKEN, 'counter', sample, options.apiRuns);
            }
          : undefined,
      );
      rounds.push({ empty: emptyRow, stored: storedRow });
    }
    return {
      turns: loaded.turns,
      interactions: options.interactions,
      preloadMs: loaded.ms,
      connections: options.connections,
      templateDiffers: loaded.templateDiffers,
      rounds,
      api,
    };
  } finally {
    await empty.drop();
    await full.drop();
  }
}
