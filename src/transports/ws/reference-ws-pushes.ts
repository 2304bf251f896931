import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type ClientError, toClientError } from '../../common/client-errors.js';
import type { Session } from '../../conversation/conversation.types.js';
import { InteractionClosures } from '../../interactions/interaction-closures.js';
import { InteractionErasedError } from '../../interactions/interaction-errors.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { ReplyFanOut } from '../fan-out/reply-fan-out.js';

/** What the server does unasked on one /ws socket: send a reply, or close it (its interaction was erased). */
export interface WsPush {
  readonly reply: (reply: StoredReply) => void;
  readonly close: (why: ClientError) => void;
}

/**
 * What the plain WebSocket sends unasked: the replies of turns no client frame made (an operator's message,
 * a release to another activity), committed on any server. The reference protocol answers each frame with its
 * reply, so only these are pushed: as the turn signal carries it, or read from the transcript when the turn
 * was committed on another server. A socket whose interaction is erased is told so and closed.
 */
@Injectable()
export class ReferenceWsPushes implements OnModuleInit {
  private readonly logger = new Logger(ReferenceWsPushes.name);
  private readonly attached = new Map<string, Map<WsPush, Session>>();

  constructor(
    private readonly fanOut: ReplyFanOut,
    private readonly interactions: InteractionsService,
    private readonly closures: InteractionClosures,
  ) {}

  onModuleInit(): void {
    this.fanOut.turns.subscribe((turn) => {
      const pushes = this.attached.get(turn.interaction);
      // a client's own turn is answered to that client: nothing to push, nothing to read
      if (pushes === undefined || turn.asked) return;
      if (turn.reply === undefined) void this.deliver(pushes, turn.seq);
      else this.push(pushes, turn.reply);
    });
    this.closures.closed.subscribe(({ interactions }) => {
      for (const id of interactions) {
        const why = toClientError(new InteractionErasedError(id));
        for (const push of this.attached.get(id)?.keys() ?? []) push.close(why);
      }
    });
  }

  /** Sends the session's unasked replies (or closing) to `push` until the returned detach is called. */
  attach(session: Session, push: WsPush): () => void {
    let pushes = this.attached.get(session.interaction);
    if (pushes === undefined) this.attached.set(session.interaction, (pushes = new Map()));
    pushes.set(push, session);
    return () => {
      pushes.delete(push);
      if (pushes.size === 0) this.attached.delete(session.interaction);
    };
  }

  private async deliver(pushes: Map<WsPush, Session>, seq: number): Promise<void> {
    const [first] = pushes.values();
    try {
      const entries = await this.interactions.transcript(first.interaction, first.uid, seq - 1);
      const entry = entries.find((e) => e.seq === seq);
      if (entry !== undefined && entry.input === null) this.push(pushes, entry.reply);
    } catch (error) {
      this.logger.warn({ msg: 'could not push a reply to /ws', error: String(error) });
    }
  }

  /** (a turn that says nothing, such as a migration's, is not pushed) */
  private push(pushes: Map<WsPush, Session>, reply: StoredReply): void {
    if (reply.utterance === '') return;
    for (const push of pushes.keys()) push.reply(reply);
  }
}
