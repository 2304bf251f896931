import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { InteractionFilter } from '../interactions/model/interaction.model.js';
import type { InteractionEntity } from './entities/index.js';

/** The admin's interaction list: the filter's rows, the most recent status change first, a page at a time. */
export function listQuery(
  interactions: Repository<InteractionEntity>,
  filter: InteractionFilter,
): SelectQueryBuilder<InteractionEntity> {
  const query = interactions.createQueryBuilder('i');
  if (filter.uid !== undefined) query.andWhere('i.uid = :uid', { uid: filter.uid });
  if (filter.process !== undefined)
    query.andWhere('i.process = :process', { process: filter.process });
  if (filter.status !== undefined) query.andWhere('i.status = :status', { status: filter.status });
  if (filter.after !== undefined)
    query.andWhere('(i.updatedAt < :at OR (i.updatedAt = :at AND i.id < :id))', {
      at: filter.after.updatedAt,
      id: filter.after.id,
    });
  return query
    .orderBy('i.updatedAt', 'DESC')
    .addOrderBy('i.id', 'DESC')
    .limit(Math.trunc(filter.limit));
}
