import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import type { InteractionStore } from '../../src/interactions/interaction-store.js';
import { openStoreOn } from '../../src/persistence/open-store.js';
import { loadSettings } from '../../src/settings/settings.js';

/** Opens the store of a test database directly, the way the server does, to look at what it holds. */
export async function openStore(
  env: Record<string, string>,
): Promise<{ store: InteractionStore; close: () => Promise<void> }> {
  const settings = loadSettings(env);
  const dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
  return {
    store: openStoreOn(dataSource, settings),
    close: () => dataSource.destroy(),
  };
}
