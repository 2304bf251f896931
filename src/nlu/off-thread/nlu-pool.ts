import { Piscina } from 'piscina';
import { NluError, type NluExplanation } from '../../engine/index.js';
import type { BuiltinRecipe } from './builtin-recipe.js';
import type { OffThreadRequest } from './nlu-worker.js';

/** Long texts waiting per worker thread beyond which a parse is refused at once (retryable), not queued. */
const QUEUE_PER_THREAD = 64;

/**
 * Worker threads (piscina) where the built-in NLU parses long texts, so that the event loop stays free for
 * every other client while they are read. Each thread trains an adapter from the same data on first use.
 */
export class NluPool {
  private readonly pool: Piscina;

  constructor(threads: number) {
    // From source (tests, the CLIs run by tsx) the worker is TypeScript too: tsx loads it, as it loads us.
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(`./nlu-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      maxQueue: threads * QUEUE_PER_THREAD,
      idleTimeout: 60_000,
      execArgv: fromSource ? ['--import', 'tsx'] : [],
    });
  }

  async explain(recipe: BuiltinRecipe, text: string): Promise<NluExplanation> {
    try {
      return (await this.pool.run({ recipe, text } satisfies OffThreadRequest)) as NluExplanation;
    } catch (error) {
      const busy = /queue is at limit/i.test(error instanceof Error ? error.message : '');
      throw new NluError(
        busy
          ? 'the NLU has too many long texts to read right now; try again shortly'
          : 'the NLU could not read this text',
        busy,
        { cause: error },
      );
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
