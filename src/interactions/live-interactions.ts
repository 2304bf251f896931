import type { InteractionStore } from './interaction-store.js';
import type { InteractionRecord } from './model/interaction.model.js';

const PAGE = 500;

/** Every active interaction of a process, page by page (the most recent status change first). */
export async function* liveInteractions(
  store: InteractionStore,
  process: string,
): AsyncGenerator<InteractionRecord> {
  let after: { updatedAt: string; id: string } | undefined;
  for (;;) {
    const page = await store.list({ process, status: 'active', limit: PAGE, after });
    yield* page;
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    after = { updatedAt: last.updatedAt, id: last.id };
  }
}
