import { Injectable } from '@nestjs/common';
import { UID_PATTERN } from '../auth/credentials.js';
import { checkInteractionId, PRINTABLE } from '../common/bounds.js';
import { BadMessageError } from '../common/client-errors.js';
import { InteractionNotFoundError } from '../interactions/interaction-errors.js';
import { describeInteraction, type InteractionView } from '../interactions/interaction.view.js';
import { InteractionStore } from '../interactions/interaction-store.js';
import type { InteractionState } from '../engine/index.js';
import type { InteractionFilter, UserKnowledge } from '../interactions/model/interaction.model.js';
import { ProcessEngine } from '../processes/process-engine.service.js';
import type { ListInteractionsQuery } from './dto/list-interactions.schema.js';

/** An interaction as the admin sees it: everything, including the engine's stack, done and the kb. */
export interface AdminInteraction extends InteractionView {
  state: InteractionState;
  lastSeq: number;
}

export interface InteractionPage {
  items: AdminInteraction[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

@Injectable()
export class AdminInteractionsService {
  constructor(
    private readonly store: InteractionStore,
    private readonly registry: ProcessEngine,
  ) {}

  async list(query: ListInteractionsQuery): Promise<InteractionPage> {
    const limit = query.limit ?? 50;
    const filter: InteractionFilter = {
      uid: query.uid,
      process: query.process,
      status: query.status,
      version: query.version,
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      search: query.q,
      limit: limit + 1,
      after: decodeCursor(query.cursor),
    };
    const records = await this.store.list(filter);
    const page = records.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await Promise.all(
        page.map(async (r) => ({
          ...(await describeInteraction(r, this.registry)),
          state: r.state,
          lastSeq: r.lastSeq,
        })),
      ),
      nextCursor: records.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null,
    };
  }

  async get(id: string): Promise<AdminInteraction> {
    const record = await this.store.find(checkInteractionId(id));
    if (record === null) throw new InteractionNotFoundError(id);
    return {
      ...(await describeInteraction(record, this.registry)),
      state: record.state,
      lastSeq: record.lastSeq,
    };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(checkInteractionId(id)))) throw new InteractionNotFoundError(id);
  }

  knowledge(uid: string): Promise<UserKnowledge[]> {
    if (!UID_PATTERN.test(uid))
      throw new BadMessageError('the uid must be 1 to 200 printable characters');
    return this.store.knowledgeOf(uid);
  }
}

const encodeCursor = (updatedAt: string, id: string): string =>
  Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');

function decodeCursor(cursor: string | undefined): InteractionFilter['after'] {
  if (cursor === undefined) return undefined;
  try {
    const [updatedAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof updatedAt === 'string' &&
      !Number.isNaN(Date.parse(updatedAt)) &&
      typeof id === 'string' &&
      PRINTABLE.test(id)
    )
      return { updatedAt, id };
  } catch {
    // reported below
  }
  throw new BadMessageError(
    '"cursor" is not a cursor this server gave: pass the nextCursor of the previous page',
  );
}
