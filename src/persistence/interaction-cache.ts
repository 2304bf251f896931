import { LRUCache } from 'lru-cache';
import type { InteractionRecord } from './interaction.records.js';

/** An interaction as this process last committed or read it, with the message ids its transcript holds. */
export interface CachedInteraction {
  readonly record: InteractionRecord;
  readonly messageIds: Set<string>;
}

/**
 * The interactions this process served recently, so that a turn needs no read before its write. The cache
 * is never trusted over the database: every write checks the interaction's last_seq, and a write that finds
 * another process got there first drops the entry (the next read reloads it).
 */
export class InteractionCache {
  private readonly entries: LRUCache<string, CachedInteraction>;

  constructor(max: number) {
    this.entries = new LRUCache({ max: Math.max(1, max) });
  }

  get(id: string): CachedInteraction | undefined {
    return this.entries.get(id);
  }

  set(record: InteractionRecord, messageIds: Iterable<string>): void {
    this.entries.set(record.id, { record, messageIds: new Set(messageIds) });
  }

  /** Records a committed turn on the cached copy (the entry stays the same object). */
  advance(id: string, record: InteractionRecord, messageId: string | null): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    if (messageId !== null) entry.messageIds.add(messageId);
    this.entries.set(id, { record, messageIds: entry.messageIds });
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}
