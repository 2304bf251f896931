import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { Subject } from 'rxjs';
import type { Server } from 'socket.io';
import { ReplyBus } from '../interactions/reply-bus.js';
import { Settings } from '../settings/settings.js';

const EVENT = 'mmcc:turn-committed';

/** A committed turn: its interaction and its seq. */
export interface TurnSignal {
  readonly interaction: string;
  readonly seq: number;
}

/**
 * The interactions that just had a turn committed, on this server or on any other (through the
 * socket.io Redis adapter's server-side events, when REDIS_URL is set): what tells a Direct Line stream
 * to read the transcript again, and a Rasa socket which seq its session has reached. Only the
 * interaction id and the seq travel; the replies themselves come from the database (or the room).
 */
@WebSocketGateway()
export class TurnSignals implements OnGatewayInit {
  private readonly logger = new Logger(TurnSignals.name);
  private readonly committed = new Subject<TurnSignal>();
  readonly turns = this.committed.asObservable();

  constructor(
    private readonly bus: ReplyBus,
    private readonly settings: Settings,
  ) {}

  afterInit(server: Server): void {
    const acrossServers = this.settings.REDIS_URL !== undefined;
    if (acrossServers)
      server.on(EVENT, (interaction: unknown, seq: unknown) => {
        if (typeof interaction === 'string' && typeof seq === 'number')
          this.committed.next({ interaction, seq });
      });
    // On the next turn of the event loop: after every transport has sent the reply itself (a Rasa
    // session is confirmed at a seq only once the widget was sent that reply, here and, in the same
    // order through Redis, on the other servers).
    this.bus.published.subscribe(({ interaction, reply }) =>
      setImmediate(() => {
        this.committed.next({ interaction, seq: reply.seq });
        if (!acrossServers) return;
        try {
          server.serverSideEmit(EVENT, interaction, reply.seq);
        } catch (error) {
          // Redis is down: the other servers' streams catch up with the next turn or reconnection.
          this.logger.warn({ msg: 'could not signal the other servers', error: String(error) });
        }
      }),
    );
  }
}
