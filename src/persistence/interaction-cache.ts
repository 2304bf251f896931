import { LRUCache } from 'lru-cache';
import type { Current } from './turn-rows.js';

/** The message ids the cache holds per interaction on average, at most: its size budget. */
const IDS_PER_ENTRY = 100;

/**
 * How long, and for how many ids, an erased interaction stays refused here: longer than any turn that
 * claimed it before the erase can take to commit (a callback's timeout, the commit window).
 */
const ERASED_TTL_MS = 10 * 60_000;
const ERASED_MAX = 100_000;

/** An interaction as this process last committed or read it, with the message ids its transcript holds. */
export interface CachedInteraction extends Current {
  record: Current['record'];
  kbJson: string;
  readonly messageIds: Set<string>;
}

/**
 * The interactions this process served recently, so that a turn needs no read before its write. The cache
 * is never trusted over the database: every turn's insert is fenced by its seq, and a turn that finds
 * another process got there first drops the entry (the next read reloads it).
 */
export class InteractionCache {
  private readonly entries: LRUCache<string, CachedInteraction>;
  private readonly erasedIds = new LRUCache<string, true>({ max: ERASED_MAX, ttl: ERASED_TTL_MS });

  constructor(max: number) {
    // Bounded by size too: an entry weighs one plus its message ids, so that a few interactions with very
    // long transcripts cannot take the memory meant for many (one heavier than the whole budget is not kept).
    this.entries = new LRUCache({
      max: Math.max(1, max),
      maxSize: Math.max(1, max) * IDS_PER_ENTRY,
      sizeCalculation: (entry) => 1 + entry.messageIds.size,
    });
  }

  get(id: string): CachedInteraction | undefined {
    return this.entries.get(id);
  }

  /** Caches the interaction and returns the entry (also when it is too heavy to be kept). */
  set(current: Current, messageIds: Iterable<string>): CachedInteraction {
    const entry = { ...current, messageIds: new Set(messageIds) };
    this.entries.set(current.record.id, entry);
    return entry;
  }

  /**
   * Records a committed turn on the cached entry, in place (a turn allocates no new entry); the entry is set
   * again only when its size grew by a message id, so that the size budget counts it.
   */
  advance(entry: CachedInteraction, current: Current, messageId: string | null): void {
    entry.record = current.record;
    entry.kbJson = current.kbJson;
    if (messageId === null) return;
    entry.messageIds.add(messageId);
    if (this.entries.peek(current.record.id) === entry) this.entries.set(current.record.id, entry);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /**
   * Drops the interactions and remembers them as erased: a turn claimed before cannot commit (the next
   * claim reads the database, which has nothing of them).
   */
  erase(ids: Iterable<string>): void {
    for (const id of ids) {
      this.entries.delete(id);
      this.erasedIds.set(id, true);
    }
  }

  erased(id: string): boolean {
    return this.erasedIds.has(id);
  }

  unerase(id: string): void {
    this.erasedIds.delete(id);
  }
}
