import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Session } from '../../conversation/conversation.types.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { ReplyFanOut } from '../fan-out/reply-fan-out.js';

type Push = (reply: StoredReply) => void;

/**
 * What the plain WebSocket sends unasked: the replies of turns no client frame made (an operator's message,
 * a release to another activity), committed on any server. The reference protocol answers each frame with its
 * reply, so only these are pushed: as the turn signal carries it, or read from the transcript when the turn
 * was committed on another server.
 */
@Injectable()
export class ReferenceWsPushes implements OnModuleInit {
  private readonly logger = new Logger(ReferenceWsPushes.name);
  private readonly attached = new Map<string, Map<Push, Session>>();

  constructor(
    private readonly fanOut: ReplyFanOut,
    private readonly interactions: InteractionsService,
  ) {}

  onModuleInit(): void {
    this.fanOut.turns.subscribe((turn) => {
      const pushes = this.attached.get(turn.interaction);
      // a client's own turn is answered to that client: nothing to push, nothing to read
      if (pushes === undefined || turn.asked) return;
      if (turn.reply === undefined) void this.deliver(pushes, turn.seq);
      else this.push(pushes, turn.reply);
    });
  }

  /** Sends the session's unasked replies to `push` until the returned detach is called. */
  attach(session: Session, push: Push): () => void {
    let pushes = this.attached.get(session.interaction);
    if (pushes === undefined) this.attached.set(session.interaction, (pushes = new Map()));
    pushes.set(push, session);
    return () => {
      pushes.delete(push);
      if (pushes.size === 0) this.attached.delete(session.interaction);
    };
  }

  private async deliver(pushes: Map<Push, Session>, seq: number): Promise<void> {
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
  private push(pushes: Map<Push, Session>, reply: StoredReply): void {
    if (reply.utterance === '') return;
    for (const push of pushes.keys()) push(reply);
  }
}
