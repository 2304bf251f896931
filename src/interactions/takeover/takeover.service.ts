import { Injectable, Logger } from '@nestjs/common';
import { InteractionStore } from '../interaction-store.js';
import { ProcessEngine } from '../../processes/process-engine.service.js';
import { InteractionNotFoundError } from '../interaction-errors.js';
import type {
  InteractionRecord,
  StoredReply,
  TranscriptEntry,
  TurnWrite,
} from '../model/interaction.model.js';
import { ReplyBus } from '../reply-bus.js';
import { isHeld } from './held-turn.js';
import { TakeoverStateError } from './takeover-errors.js';
import { takeoverTurn } from './takeover-turns.js';

/**
 * A person stepping into an interaction: take it over (the process stops stepping), write to the user,
 * hand it back. Each is a turn like any other (seq + 1, fenced by the store against every server's turns),
 * and its reply goes out on the reply bus, so every transport delivers it.
 */
@Injectable()
export class TakeoverService {
  private readonly logger = new Logger(TakeoverService.name);

  constructor(
    private readonly store: InteractionStore,
    private readonly registry: ProcessEngine,
    private readonly bus: ReplyBus,
  ) {}

  async transcript(id: string): Promise<TranscriptEntry[]> {
    if ((await this.store.find(id)) === null) throw new InteractionNotFoundError(id);
    return this.store.transcript(id, 0);
  }

  takeover(id: string): Promise<StoredReply> {
    return this.turn(id, 'takeover', (interaction) => {
      if (interaction.status === 'completed')
        throw new TakeoverStateError(
          `interaction ${id} is completed: there is nothing to take over`,
        );
      if (interaction.status === 'held')
        throw new TakeoverStateError(`interaction ${id} is already held by an operator`);
      return takeoverTurn(interaction, { outcome: 'takeover', status: 'held' });
    });
  }

  say(id: string, text: string): Promise<StoredReply> {
    return this.turn(id, 'operator message', (interaction) => {
      if (interaction.status !== 'held')
        throw new TakeoverStateError(
          `interaction ${id} is not held: take it over (POST /admin/interactions/${id}/takeover) before writing to its user`,
        );
      return takeoverTurn(interaction, {
        outcome: 'operator',
        status: 'held',
        utterance: text,
        fromOperator: true,
      });
    });
  }

  /** Hands the interaction back to its process, at its activity or at the one the operator picks. */
  release(id: string, activity?: string): Promise<StoredReply> {
    return this.turn(id, 'release', (interaction) => {
      if (!isHeld(interaction))
        throw new TakeoverStateError(`interaction ${id} is not held: there is nothing to release`);
      const process = this.registry.get(interaction.process);
      const target = activity ?? interaction.state.current;
      const type = process.definition.activities.get(target)?.type;
      if (type === undefined)
        throw new TakeoverStateError(
          `the process "${process.name}" has no activity "${target}": pick one of ${[...process.definition.activities.keys()].join(', ')}`,
        );
      const moved = target !== interaction.state.current;
      const phrase = interaction.state.kb[target];
      return takeoverTurn(interaction, {
        outcome: 'release',
        status: type === 'END' ? 'completed' : 'active',
        utterance: moved && typeof phrase === 'string' ? phrase : '',
        // Moved by hand: the branches it was in no longer apply.
        state: moved ? { ...interaction.state, current: target, stack: [] } : undefined,
      });
    });
  }

  private async turn(
    id: string,
    what: string,
    write: (interaction: InteractionRecord) => TurnWrite,
  ): Promise<StoredReply> {
    const found = await this.store.find(id);
    if (found === null) throw new InteractionNotFoundError(id);
    const result = await this.store.turn({ id, uid: found.uid, messageId: null }, async (i) =>
      write(i),
    );
    if (result === null) throw new InteractionNotFoundError(id);
    this.bus.publish(id, { reply: result.reply, input: null, messageId: null });
    this.logger.log({ msg: `takeover: ${what}`, interaction: id, seq: result.reply.seq });
    return result.reply;
  }
}
