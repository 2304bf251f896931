import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  InteractionEntity,
  StepFailureEntity,
  TurnEntity,
  UserKnowledgeEntity,
} from '../../persistence/entities/index.js';
import { rollUpQueued, takeOutOfRollup } from '../../persistence/analytics-rollup.js';

/** Everything stored about one uid, table by table, as stored (JSON columns parsed). */
export interface UserRows {
  readonly interactions: InteractionEntity[];
  readonly turns: TurnEntity[];
  readonly knowledge: UserKnowledgeEntity[];
  readonly stepFailures: StepFailureEntity[];
  /** The analytics' rows of its interactions (see analytics-rollup.sql): where each stands, what it reached. */
  readonly progress: Record<string, unknown>[];
  readonly reached: { interaction_id: string; activity: string }[];
}

export interface ErasedCounts {
  readonly interactions: number;
  readonly turns: number;
  readonly knowledge: number;
  readonly stepFailures: number;
}

/** One uid's rows in every table: read for an export, deleted in one transaction for an erase. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  async rows(uid: string, manager: EntityManager = this.dataSource.manager): Promise<UserRows> {
    // (the analytics' rows as every committed turn left them: what is queued for the rollup goes in first)
    await rollUpQueued(manager, true);
    const interactions = await manager.find(InteractionEntity, {
      where: { uid },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const ids = interactions.map((i) => i.id);
    const ofThem = <T extends object>(entity: new () => T, first: string, second: string) =>
      ids.length === 0
        ? Promise.resolve([] as T[])
        : manager
            .createQueryBuilder(entity, 'r')
            .where('r.interactionId IN (:...ids)', { ids })
            .orderBy(`r.${first}`, 'ASC')
            .addOrderBy(`r.${second}`, 'ASC')
            .getMany();
    const [turns, stepFailures, knowledge] = await Promise.all([
      ofThem(TurnEntity, 'interactionId', 'seq'),
      ofThem(StepFailureEntity, 'createdAt', 'id'),
      manager.find(UserKnowledgeEntity, { where: { uid }, order: { process: 'ASC' } }),
    ]);
    const list = ids.map((_, n) => (this.postgres ? `$${n + 1}` : '?')).join(', ');
    const [progress, reached] =
      ids.length === 0
        ? [[], []]
        : await Promise.all([
            manager.query(
              `SELECT * FROM analytics_progress WHERE interaction_id IN (${list})`,
              ids,
            ),
            manager.query(
              `SELECT * FROM analytics_reached WHERE interaction_id IN (${list}) ORDER BY activity`,
              ids,
            ),
          ]);
    return { interactions, turns, knowledge, stepFailures, progress, reached };
  }

  /** Deletes every row of the uid; the ids of the interactions it had, and the counts per table. */
  erase(uid: string): Promise<{ interactions: string[]; counts: ErasedCounts }> {
    return this.dataSource.transaction(async (manager) => {
      const { interactions, turns, knowledge, stepFailures } = await this.rows(uid, manager);
      const ids = interactions.map((i) => i.id);
      await this.deleteAll(manager, uid, ids);
      return {
        interactions: ids,
        counts: {
          interactions: interactions.length,
          turns: turns.length,
          knowledge: knowledge.length,
          stepFailures: stepFailures.length,
        },
      };
    });
  }

  /**
   * Deletes again what a turn of the erased interactions wrote while the erase was under way (a turn
   * that claimed one before every server had forgotten it): by their ids, as their rows may be gone.
   */
  sweep(uid: string, ids: readonly string[]): Promise<void> {
    return this.dataSource.transaction((manager) => this.deleteAll(manager, uid, ids));
  }

  private async deleteAll(manager: EntityManager, uid: string, ids: readonly string[]) {
    await takeOutOfRollup(manager, ids);
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      await manager
        .createQueryBuilder()
        .delete()
        .from(StepFailureEntity)
        .where('interaction_id IN (:...chunk)', { chunk })
        .execute();
      await manager
        .createQueryBuilder()
        .delete()
        .from(TurnEntity)
        .where('interaction_id IN (:...chunk)', { chunk })
        .execute();
    }
    await manager.delete(InteractionEntity, { uid });
    await manager.delete(UserKnowledgeEntity, { uid });
  }
}

/** Ids per DELETE statement (SQLite allows some 32,000 parameters). */
const CHUNK = 500;
