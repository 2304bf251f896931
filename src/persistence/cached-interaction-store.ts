import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from '../interactions/model/interaction.model.js';
import { ConcurrentTurnError } from '../interactions/model/turn.errors.js';
import { Settings } from '../settings/settings.js';
import { translateDriverError } from './driver-errors.js';
import { InteractionCache } from './interaction-cache.js';
import { InteractionRepository } from './interaction-repository.js';
import {
  InteractionStore,
  type NewInteraction,
  type TurnRequest,
  type TurnResult,
  type TurnStep,
} from '../interactions/interaction-store.js';
import { type Append, committed, TurnLog } from './turn-log.js';
import { afterWrite, type Current, toRow } from './turn-rows.js';

/**
 * The InteractionStore: the turn protocol over either database's turn log, with the interactions this
 * process serves cached. A turn starts from the cached copy (no read) and its insert is fenced by its seq;
 * a turn that finds its seq or message id taken is either a repeated message (answered with the stored
 * reply) or lost a race to another server: it then runs again on a fresh read, exclusively.
 */
@Injectable()
export class CachedInteractionStore extends InteractionStore {
  private readonly cache: InteractionCache;

  constructor(
    private readonly log: TurnLog,
    private readonly records: InteractionRepository,
    settings: Settings,
  ) {
    super();
    this.cache = new InteractionCache(settings.INTERACTION_CACHE_SIZE);
  }

  async create(interaction: NewInteraction, welcome: TurnWrite): Promise<void> {
    const row = toRow(interaction, null, welcome);
    const outcome = await this.log.append(row);
    if (!committed(outcome))
      throw outcome === 'conflict' ? new ConcurrentTurnError(interaction.id) : outcome;
    const at = outcome.committedAt;
    // (a new interaction's row always carries its kb: there is no earlier kb to fall back on)
    this.cache.set(
      afterWrite({ ...interaction, createdAt: at, updatedAt: at }, welcome, row, at, ''),
      [],
    );
  }

  async turn(request: TurnRequest, step: TurnStep): Promise<TurnResult | null> {
    const { id, uid, messageId } = request;
    const cached = this.cache.get(id) ?? (await this.load(id));
    if (cached === undefined || cached.record.uid !== uid) return null;
    if (messageId !== null && cached.messageIds.has(messageId)) return this.replay(request);
    const write = await step(cached.record);
    const row = toRow(cached.record, cached, write);
    const outcome = await this.log.append(row);
    if (committed(outcome)) {
      const next = afterWrite(cached.record, write, row, outcome.committedAt, cached.kbJson);
      this.cache.advance(cached, next, messageId);
      return { reply: write.entry.reply, replayed: false };
    }
    this.cache.delete(id);
    if (outcome !== 'conflict') throw outcome;
    return (await this.replay(request)) ?? this.exclusive(request, step);
  }

  find(id: string): Promise<InteractionRecord | null> {
    return guard(this.records.find(id));
  }

  transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    return guard(this.records.transcript(id, afterSeq));
  }

  knowledge(uid: string, process: string): Promise<JsonObject | undefined> {
    return guard(this.records.knowledge(uid, process));
  }

  list(filter: InteractionFilter): Promise<InteractionRecord[]> {
    return guard(this.records.list(filter));
  }

  delete(id: string): Promise<boolean> {
    this.cache.delete(id);
    return guard(this.records.delete(id));
  }

  knowledgeOf(uid: string): Promise<UserKnowledge[]> {
    return guard(this.records.knowledgeOf(uid));
  }

  ping(): Promise<void> {
    return guard(this.records.ping());
  }

  /** The stored reply of a message id committed before, by the unique index; null when there is none. */
  private async replay(
    { id, messageId }: TurnRequest,
    manager?: EntityManager,
  ): Promise<TurnResult | null> {
    if (messageId === null) return null;
    const entry = await guard(this.records.entry(id, messageId, manager));
    return entry === null ? null : { reply: entry.reply, replayed: true };
  }

  /**
   * The turn again, on the interaction read afresh while it is held against other servers. SQLite has no
   * such hold: there another process may get there first again, and the turn runs again, a few times.
   */
  private async exclusive(request: TurnRequest, step: TurnStep): Promise<TurnResult | null> {
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.log.exclusive(request.id, (manager, append) =>
        this.attempt(request, step, manager, append),
      );
      if (result !== 'conflict') return result;
      if (attempt === EXCLUSIVE_ATTEMPTS) throw new ConcurrentTurnError(request.id);
    }
  }

  private async attempt(
    request: TurnRequest,
    step: TurnStep,
    manager: EntityManager,
    append: Append,
  ): Promise<TurnResult | null | 'conflict'> {
    const current = await this.records.current(request.id, manager);
    if (current === null || current.record.uid !== request.uid) return null;
    const replayed = await this.replay(request, manager);
    if (replayed !== null) return replayed;
    const write = await step(current.record);
    const outcome = await append(toRow(current.record, current, write));
    if (committed(outcome)) return { reply: write.entry.reply, replayed: false };
    if (outcome === 'conflict') return outcome;
    throw outcome;
  }

  /** Reads an interaction into the cache: its row, latest turn and kb, then its transcript's message ids. */
  private async load(id: string): Promise<(Current & { messageIds: Set<string> }) | undefined> {
    const current = await guard(this.records.current(id));
    if (current === null) return undefined;
    return this.cache.set(current, await guard(this.records.messageIds(id)));
  }
}

/** How often an exclusive turn runs before it gives up (only SQLite, with several processes, can need two). */
const EXCLUSIVE_ATTEMPTS = 5;

/** Driver errors as the store's (a database that cannot be reached, a statement that ran too long). */
async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translateDriverError(error);
  }
}
