import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Not, Repository } from 'typeorm';
import type { JsonObject } from '../engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  TranscriptEntry,
  UserKnowledge,
} from '../interactions/model/interaction.model.js';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from './entities/index.js';
import { type Current, toEntry, toRecord } from './turn-rows.js';

/**
 * Reads (and the admin's delete) through TypeORM's repositories, the same on both databases. An
 * interaction is its row, its latest turn (the state after it) and the latest turn that wrote the kb.
 */
@Injectable()
export class InteractionRepository {
  constructor(
    @InjectRepository(InteractionEntity)
    private readonly interactions: Repository<InteractionEntity>,
    @InjectRepository(TurnEntity) private readonly turns: Repository<TurnEntity>,
    @InjectRepository(UserKnowledgeEntity)
    private readonly knowledgeRows: Repository<UserKnowledgeEntity>,
  ) {}

  /** The interaction as it stands; `manager` reads on a given connection (one that holds a lock). */
  async current(id: string, manager?: EntityManager): Promise<Current | null> {
    const interactions = manager?.withRepository(this.interactions) ?? this.interactions;
    const row = await interactions.findOneBy({ id });
    return row === null ? null : this.complete(row, manager);
  }

  async find(id: string): Promise<InteractionRecord | null> {
    return (await this.current(id))?.record ?? null;
  }

  /** The message ids of the interaction's transcript, for the cache's duplicate check. */
  async messageIds(id: string): Promise<string[]> {
    const rows = await this.turns.find({
      select: { messageId: true },
      where: { interactionId: id, messageId: Not(IsNull()) },
    });
    return rows.map((r) => r.messageId!);
  }

  /** The turn stored under a message id (the unique index finds it). */
  async entry(
    id: string,
    messageId: string,
    manager?: EntityManager,
  ): Promise<TranscriptEntry | null> {
    const turns = manager?.withRepository(this.turns) ?? this.turns;
    const turn = await turns.findOneBy({ interactionId: id, messageId });
    return turn === null ? null : toEntry(turn);
  }

  async transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    const rows = await this.turns
      .createQueryBuilder('t')
      .where('t.interactionId = :id AND t.seq > :afterSeq', { id, afterSeq })
      .orderBy('t.seq')
      .getMany();
    return rows.map(toEntry);
  }

  async list(filter: InteractionFilter): Promise<InteractionRecord[]> {
    const query = this.interactions.createQueryBuilder('i');
    if (filter.uid !== undefined) query.andWhere('i.uid = :uid', { uid: filter.uid });
    if (filter.process !== undefined)
      query.andWhere('i.process = :process', { process: filter.process });
    if (filter.status !== undefined)
      query.andWhere('i.status = :status', { status: filter.status });
    if (filter.version !== undefined)
      query.andWhere('i.processVersion = :version', { version: filter.version });
    if (filter.from !== undefined) query.andWhere('i.createdAt >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('i.createdAt < :to', { to: filter.to });
    if (filter.search !== undefined) {
      const escaped = filter.search.replace(/[\\%_]/g, (c) => `\\${c}`);
      query.andWhere("(i.uid LIKE :contains ESCAPE '\\' OR i.id LIKE :prefix ESCAPE '\\')", {
        contains: `%${escaped}%`,
        prefix: `${escaped}%`,
      });
    }
    if (filter.after !== undefined)
      query.andWhere('(i.updatedAt < :at OR (i.updatedAt = :at AND i.id < :id))', {
        at: filter.after.updatedAt,
        id: filter.after.id,
      });
    const rows = await query
      .orderBy('i.updatedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(Math.trunc(filter.limit))
      .getMany();
    return Promise.all(rows.map(async (row) => (await this.complete(row)).record));
  }

  /** Deletes the interaction and its turns in one transaction; false when there was none. */
  delete(id: string): Promise<boolean> {
    return this.interactions.manager.transaction(async (manager) => {
      await manager.delete(TurnEntity, { interactionId: id });
      return ((await manager.delete(InteractionEntity, { id })).affected ?? 0) > 0;
    });
  }

  async knowledge(uid: string, process: string): Promise<JsonObject | undefined> {
    return (await this.knowledgeRows.findOneBy({ uid, process }))?.knowledge;
  }

  async knowledgeOf(uid: string): Promise<UserKnowledge[]> {
    const rows = await this.knowledgeRows.find({ where: { uid }, order: { process: 'ASC' } });
    return rows.map(({ process, knowledge, updatedAt }) => ({ process, knowledge, updatedAt }));
  }

  async ping(): Promise<void> {
    await this.interactions.query('SELECT 1');
  }

  /** The row completed with its latest turn and kb (both read backwards along the primary key). */
  private async complete(row: InteractionEntity, manager?: EntityManager): Promise<Current> {
    const turns = manager?.withRepository(this.turns) ?? this.turns;
    const [latest, withKb] = await Promise.all([
      turns.findOne({
        select: { seq: true, state: true },
        where: { interactionId: row.id },
        order: { seq: 'DESC' },
      }),
      turns.findOne({
        select: { seq: true, kb: true },
        where: { interactionId: row.id, kb: Not(IsNull()) },
        order: { seq: 'DESC' },
      }),
    ]);
    if (latest === null) throw new Error(`interaction ${row.id} has no turns`);
    const kb = withKb?.kb ?? {};
    return { record: toRecord(row, latest, kb), kbJson: JSON.stringify(kb) };
  }
}
