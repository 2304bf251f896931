import { InteractionBusyError } from './interaction-errors.js';

/**
 * The turns of each interaction in this process, run one after the other in order of arrival: a promise
 * chain per interaction (no lock object per turn), at most `limit` waiting behind the one that runs.
 */
export class TurnQueues {
  private readonly queues = new Map<string, { tail: Promise<unknown>; size: number }>();

  constructor(private readonly limit: number) {}

  run<T>(id: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(id) ?? { tail: Promise.resolve(), size: 0 };
    if (queue.size === 0) this.queues.set(id, queue);
    // The one running counts too: at most `limit` wait behind it.
    if (queue.size > this.limit) return Promise.reject(new InteractionBusyError(queue.size));
    queue.size += 1;
    const result = queue.tail.then(work);
    const settled = () => {
      queue.size -= 1;
      if (queue.size === 0) this.queues.delete(id);
    };
    queue.tail = result.then(settled, settled);
    return result;
  }
}
