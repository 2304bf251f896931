import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Server, Socket } from 'socket.io';
import { BadMessageError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { type Handshake, parseHandshake } from '../../conversation/handshake.js';
import { InteractionBusyError } from '../../interactions/interaction-errors.js';
import { ClientAddress } from '../../limits/client-address.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Settings } from '../../settings/settings.js';
import { exceptionEvent } from '../socket-io/interactions.gateway.js';
import { ReplyFanOut } from '../fan-out/reply-fan-out.js';
import type { ExceptionEvent } from '../socket-io/socket-io.events.js';
import { rasaRoom, RasaSessions, type RasaSocket } from './rasa-sessions.js';
import { type BotUttered, parseSessionRequest, parseUserUttered } from './rasa-frames.js';

/**
 * Rasa's socket.io channel (rasa-webchat and the other Rasa widgets), in a namespace of its own on our
 * socket.io server: session_request / session_confirm, user_uttered in, bot_uttered out. Each frame is
 * handled in order, one at a time per socket; what a frame means is decided in RasaSessions.
 */
@WebSocketGateway()
export class RasaGateway implements OnGatewayInit {
  private namespace!: Namespace;

  constructor(
    private readonly sessions: RasaSessions,
    private readonly pipeline: ConversationPipeline,
    private readonly addresses: ClientAddress,
    private readonly fanOut: ReplyFanOut,
    private readonly settings: Settings,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(server: Server): void {
    this.namespace = server.of(this.settings.RASA_NAMESPACE);
    // A Rasa socket is a connection like the others: it counts against the connection limits when it
    // connects (a refused one gets connect_error with our exception event as its data).
    this.namespace.use((socket, next) => {
      this.pipeline.admit(undefined, this.addresses.of(socket.request)).then(
        () => next(),
        (error: unknown) => {
          const refusal = exceptionEvent(this.pipeline.refuseHandshake('rasa', error));
          next(Object.assign(new Error(refusal.message), { data: refusal }));
        },
      );
    });
    this.namespace.on('connection', (socket: RasaSocket) => this.connected(socket));
    // Each server confirms its own sockets' session at the new seq (the fan-out sent the reply): the signed part of the id is
    // known where the session was opened, not necessarily where the turn ran.
    this.fanOut.turns.subscribe(({ interaction, seq }) => {
      const id = this.sessions.idAfter(interaction, seq);
      if (id !== undefined)
        this.namespace.local.to(rasaRoom(interaction)).emit('session_confirm', id);
    });
  }

  private connected(socket: RasaSocket): void {
    this.metrics.socketOpened('rasa');
    socket.once('disconnect', () => this.metrics.socketClosed('rasa'));
    let handshake: Handshake;
    try {
      handshake = parseHandshake({ ...socket.handshake.query, ...socket.handshake.auth });
    } catch (error) {
      socket.emit('exception', exceptionEvent(this.pipeline.refuseHandshake('rasa', error)));
      socket.disconnect(true);
      return;
    }
    socket.data = { handshake, address: this.addresses.of(socket.request) };
    let chain: Promise<unknown> = Promise.resolve();
    let waiting = 0;
    /**
     * Runs a frame's work after the socket's earlier frames. What it answers reaches this socket once: as
     * the ack when the widget asked for one, else as bot_uttered events (the room's broadcast of the reply
     * leaves this socket out). A failure is the `exception` event, and the ack too.
     */
    const queue = (work: () => Promise<BotUttered[] | void>, ack?: unknown) => {
      const acked = typeof ack === 'function' ? (ack as (answer: unknown) => void) : undefined;
      if (waiting > this.settings.TURN_QUEUE_LIMIT) {
        const busy = this.exception(socket, new InteractionBusyError(waiting));
        acked?.(busy);
        return;
      }
      waiting += 1;
      chain = chain
        .then(work)
        .then(
          (frames) => {
            if (acked !== undefined) acked(frames ?? []);
            else for (const frame of frames ?? []) socket.emit('bot_uttered', frame);
          },
          (error: unknown) => {
            const refused = this.exception(socket, error);
            acked?.(refused);
          },
        )
        .finally(() => (waiting -= 1));
    };
    socket.on('session_request', (frame: unknown) =>
      queue(async () => {
        await this.sessions.request(socket, parseSessionRequest(frame));
      }),
    );
    socket.on('user_uttered', (frame: unknown, ack?: unknown) =>
      queue(() => this.sessions.utter(socket, parseUserUttered(frame)), ack),
    );
    // Rasa's events are the whole protocol: anything else is most likely a misspelt one.
    socket.onAny((event: string) => {
      if (event !== 'session_request' && event !== 'user_uttered')
        this.exception(
          socket,
          new BadMessageError(`unknown event "${event}": send session_request or user_uttered`),
        );
    });
  }

  /** Any failure, as the pipeline maps it (logged and counted once), as our `exception` event. */
  private exception(socket: Socket, error: unknown): ExceptionEvent {
    const event = exceptionEvent(this.pipeline.fail(error));
    socket.emit('exception', event);
    return event;
  }
}
