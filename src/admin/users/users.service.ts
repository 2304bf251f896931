import { Injectable, Logger } from '@nestjs/common';
import { InteractionClosures } from '../../interactions/interaction-closures.js';
import { type ErasedCounts, UsersRepository } from './users.repository.js';

/** The export: everything stored about one uid, in one JSON document. */
export interface UserExport {
  readonly uid: string;
  readonly exportedAt: string;
  readonly interactions: object[];
  readonly knowledge: object[];
  readonly stepFailures: object[];
}

export interface Erased {
  readonly uid: string;
  readonly erased: ErasedCounts;
}

/** A user's data on request: all of it as one document, or none of it left. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly repository: UsersRepository,
    private readonly closures: InteractionClosures,
  ) {}

  async export(uid: string): Promise<UserExport> {
    const { interactions, turns, knowledge, stepFailures, progress, reached } =
      await this.repository.rows(uid);
    return {
      uid,
      exportedAt: new Date().toISOString(),
      interactions: interactions.map((interaction) => ({
        ...interaction,
        turns: turns
          .filter((t) => t.interactionId === interaction.id)
          .map((turn) => omit(turn, 'interactionId')),
        analytics: {
          progress: progress.find((p) => p.interaction_id === interaction.id) ?? null,
          reached: reached
            .filter((r) => r.interaction_id === interaction.id)
            .map((r) => r.activity),
        },
      })),
      knowledge: knowledge.map((row) => omit(row, 'uid')),
      stepFailures,
    };
  }

  async erase(uid: string): Promise<Erased> {
    const { interactions, counts } = await this.repository.erase(uid);
    // Every server's store forgets its cached copies and refuses their turns from now on, and every
    // transport closes its connections of them; then what a turn claimed before that wrote meanwhile goes.
    await this.closures.close({ uid, interactions });
    if (interactions.length > 0) await this.repository.sweep(uid, interactions);
    this.logger.log({ msg: 'user erased', uid, ...counts });
    return { uid, erased: counts };
  }
}

/** The row without a key that the document says already (its interaction, its uid). */
function omit<T extends object, K extends keyof T>(row: T, key: K): Omit<T, K> {
  const copy = { ...row };
  delete copy[key];
  return copy;
}
