import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, type ObjectLiteral, Repository, type SelectQueryBuilder } from 'typeorm';
import type { JsonObject } from '../engine/index.js';
import {
  type Claim,
  InteractionStore,
  type NewInteraction,
} from '../interactions/interaction-store.js';
import type {
  InteractionFilter,
  InteractionRecord,
  StoredReply,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from '../interactions/model/interaction.model.js';
import { Settings } from '../settings/settings.js';
import { takeOutOfRollup } from './analytics-rollup.js';
import { translateDriverError } from './driver-errors.js';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from './entities/index.js';
import { type CachedInteraction, InteractionCache } from './interaction-cache.js';
import { listQuery } from './list-query.js';
import { checkSchema } from './schema-check.js';
import { committed, TurnLog } from './turn-log.js';
import { afterWrite, type Current, toEntry, toRecord, toRow } from './turn-rows.js';

/**
 * The InteractionStore on either database: reads through TypeORM's repositories, turns through the
 * database's turn log (group-committed, fenced on the seq). The interactions this process served are
 * cached, so that a turn's claim needs no read; a write that loses drops the entry, and the next claim
 * reads the interaction afresh. An interaction is its row, its latest turn and the latest turn that
 * wrote the kb.
 */
@Injectable()
export class InteractionRepository extends InteractionStore {
  private readonly cache: InteractionCache;

  constructor(
    @InjectRepository(InteractionEntity)
    private readonly interactions: Repository<InteractionEntity>,
    @InjectRepository(TurnEntity) private readonly turns: Repository<TurnEntity>,
    @InjectRepository(UserKnowledgeEntity)
    private readonly knowledgeRows: Repository<UserKnowledgeEntity>,
    private readonly log: TurnLog,
    settings: Settings,
  ) {
    super();
    this.cache = new InteractionCache(settings.INTERACTION_CACHE_SIZE);
  }

  async create(interaction: NewInteraction, welcome: TurnWrite): Promise<boolean> {
    const row = toRow(interaction, null, welcome);
    const outcome = await this.log.append(row);
    if (!committed(outcome)) {
      if (outcome === 'conflict') return false;
      throw outcome;
    }
    const at = outcome.committedAt;
    // (a new interaction's row always carries its kb: there is no earlier kb to fall back on)
    const record = { ...interaction, createdAt: at, updatedAt: at };
    // (an erased id stored again is a new interaction: a Rasa session keeps its id)
    this.cache.unerase(interaction.id);
    this.cache.set(afterWrite(record, welcome, row, at, ''), []);
    return true;
  }

  async claim(id: string): Promise<Claim | null> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const erasedBefore = this.cache.erased(id);
    const current = await guard(this.current(id));
    if (current === null) return null;
    const messageIds = await guard(this.messageIds(id));
    // Erased while it was being read: what was read may be from before the erase.
    if (!erasedBefore && this.cache.erased(id)) return null;
    // An erased id stored again is a new interaction (a Rasa session keeps its id): served.
    if (erasedBefore) this.cache.unerase(id);
    return this.cache.set(current, messageIds);
  }

  async commit(claim: Claim, write: TurnWrite, retry: boolean): Promise<boolean> {
    const from = claim as CachedInteraction;
    // A claim made before its interaction was erased: the next claim reads the database.
    if (this.cache.erased(from.record.id)) {
      this.cache.delete(from.record.id);
      return false;
    }
    const row = toRow(from.record, from, write);
    const outcome = await (retry ? this.log.appendWaiting(row) : this.log.append(row));
    if (committed(outcome) && this.cache.erased(from.record.id)) {
      // Erased while the write was on its way: what it wrote goes too.
      await this.delete(from.record.id);
      return false;
    }
    if (committed(outcome)) {
      const next = afterWrite(from.record, write, row, outcome.committedAt, from.kbJson);
      this.cache.advance(from, next, write.entry.messageId);
      return true;
    }
    this.cache.delete(from.record.id);
    if (outcome === 'conflict') return false;
    throw outcome;
  }

  async replyTo(id: string, messageId: string): Promise<StoredReply | null> {
    const turn = await guard(this.turns.findOneBy({ interactionId: id, messageId }));
    return turn === null ? null : toEntry(turn).reply;
  }

  async find(id: string): Promise<InteractionRecord | null> {
    return (await guard(this.current(id)))?.record ?? null;
  }

  async transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    const rows = await guard(
      this.turns
        .createQueryBuilder('t')
        .where('t.interactionId = :id AND t.seq > :afterSeq', { id, afterSeq })
        .orderBy('t.seq')
        .getMany(),
    );
    return rows.map(toEntry);
  }

  async list(filter: InteractionFilter): Promise<InteractionRecord[]> {
    const rows = await guard(listQuery(this.interactions, filter).getMany());
    return (await guard(this.completeAll(rows))).map((current) => current.record);
  }

  /** Its cached copies go, and no turn claimed before commits here: the next claim reads the database. */
  override forget(ids: readonly string[]): void {
    this.cache.erase(ids);
  }

  /** Deletes the interaction and its turns in one transaction; false when there was none. */
  delete(id: string): Promise<boolean> {
    this.cache.delete(id);
    return guard(
      this.interactions.manager.transaction(async (manager) => {
        await takeOutOfRollup(manager, [id]);
        await manager.delete(TurnEntity, { interactionId: id });
        return ((await manager.delete(InteractionEntity, { id })).affected ?? 0) > 0;
      }),
    );
  }

  async knowledge(uid: string, process: string): Promise<JsonObject | undefined> {
    return (await guard(this.knowledgeRows.findOneBy({ uid, process })))?.knowledge;
  }

  async knowledgeOf(uid: string): Promise<UserKnowledge[]> {
    const rows = await guard(
      this.knowledgeRows.find({ where: { uid }, order: { process: 'ASC' } }),
    );
    return rows.map(({ process, knowledge, updatedAt }) => ({ process, knowledge, updatedAt }));
  }

  /** Throws unless the database answers with the schema this server needs (its latest migration applied). */
  async ping(): Promise<void> {
    await guard(checkSchema(this.interactions.manager.connection));
  }

  /** The interaction as it stands in the database. */
  private async current(id: string): Promise<Current | null> {
    const row = await this.interactions.findOneBy({ id });
    return row === null ? null : this.complete(row);
  }

  /** The message ids of the interaction's transcript, for the claim's duplicate check. */
  private async messageIds(id: string): Promise<string[]> {
    const rows = await this.turns.find({
      select: { messageId: true },
      where: { interactionId: id, messageId: Not(IsNull()) },
    });
    return rows.map((r) => r.messageId!);
  }

  /**
   * A page of rows completed as `complete` does, in two statements for the whole page instead of two per row:
   * the seqs of each one's latest turn and latest kb (each read backwards along the primary key), then those
   * turns by their keys.
   */
  private async completeAll(rows: InteractionEntity[]): Promise<Current[]> {
    if (rows.length === 0) return [];
    const latestOf = (withKb: boolean) => (sub: SelectQueryBuilder<ObjectLiteral>) =>
      sub
        .select('MAX(t.seq)')
        .from(TurnEntity, 't')
        .where(`t.interactionId = i.id${withKb ? ' AND t.kb IS NOT NULL' : ''}`);
    const seqs = await this.interactions
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .addSelect(latestOf(false), 'latest')
      .addSelect(latestOf(true), 'withkb')
      .where('i.id IN (:...ids)', { ids: rows.map((row) => row.id) })
      .getRawMany<{ id: string; latest: number | string | null; withkb: number | string | null }>();
    const bySeq = new Map(seqs.map((s) => [s.id, s]));
    const keys = seqs.flatMap(({ id, latest, withkb }) =>
      [latest, withkb].flatMap((seq) =>
        seq === null ? [] : [{ interactionId: id, seq: Number(seq) }],
      ),
    );
    const turns =
      keys.length === 0
        ? []
        : await this.turns.find({
            select: { interactionId: true, seq: true, state: true, processVersion: true, kb: true },
            where: keys,
          });
    const turnAt = new Map(turns.map((t) => [`${t.interactionId} ${t.seq}`, t]));
    return rows.map((row) => {
      const found = bySeq.get(row.id);
      const latest =
        found?.latest == null ? undefined : turnAt.get(`${row.id} ${Number(found.latest)}`);
      if (latest === undefined) throw new Error(`interaction ${row.id} has no turns`);
      const withKb =
        found?.withkb == null ? undefined : turnAt.get(`${row.id} ${Number(found.withkb)}`);
      return currentOf(row, latest, withKb?.kb ?? {});
    });
  }

  /** The row completed with its latest turn and kb (both read backwards along the primary key). */
  private async complete(row: InteractionEntity): Promise<Current> {
    const [latest, withKb] = await Promise.all([
      this.turns.findOne({
        select: { seq: true, state: true, processVersion: true },
        where: { interactionId: row.id },
        order: { seq: 'DESC' },
      }),
      this.turns.findOne({
        select: { seq: true, kb: true },
        where: { interactionId: row.id, kb: Not(IsNull()) },
        order: { seq: 'DESC' },
      }),
    ]);
    if (latest === null) throw new Error(`interaction ${row.id} has no turns`);
    return currentOf(row, latest, withKb?.kb ?? {});
  }
}

/** An interaction as its row, its latest turn and its latest kb make it, with that kb's JSON. */
const currentOf = (
  row: InteractionEntity,
  latest: Pick<TurnEntity, 'seq' | 'state' | 'processVersion'>,
  kb: JsonObject,
): Current => ({ record: toRecord(row, latest, kb), kbJson: JSON.stringify(kb) });

/** Driver errors as the store's (a database that cannot be reached, a statement that ran too long). */
async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translateDriverError(error);
  }
}
