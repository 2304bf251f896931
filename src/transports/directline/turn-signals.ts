import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { Subject } from 'rxjs';
import type { Server } from 'socket.io';
import { ReplyBus } from '../../interactions/reply-bus.js';
import { Settings } from '../../settings/settings.js';

const EVENT = 'mmcc:turn-committed';

/**
 * The interactions that just had a turn committed, on this server or on any other (through the
 * socket.io Redis adapter's server-side events, when REDIS_URL is set): what tells a Direct Line stream
 * to read the transcript again. Only the interaction id travels; the activities come from the database.
 */
@WebSocketGateway()
export class TurnSignals implements OnGatewayInit {
  private readonly logger = new Logger(TurnSignals.name);
  private readonly committed = new Subject<string>();
  readonly turns = this.committed.asObservable();

  constructor(
    private readonly bus: ReplyBus,
    private readonly settings: Settings,
  ) {}

  afterInit(server: Server): void {
    const acrossServers = this.settings.REDIS_URL !== undefined;
    if (acrossServers)
      server.on(EVENT, (interaction: unknown) => {
        if (typeof interaction === 'string') this.committed.next(interaction);
      });
    this.bus.published.subscribe(({ interaction }) => {
      this.committed.next(interaction);
      if (!acrossServers) return;
      try {
        server.serverSideEmit(EVENT, interaction);
      } catch (error) {
        // Redis is down: the other servers' streams catch up with the next turn or reconnection.
        this.logger.warn({ msg: 'could not signal the other servers', error: String(error) });
      }
    });
  }
}
