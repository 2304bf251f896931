import { Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { ClientError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { Resumed, Session, Started } from '../../conversation/conversation.types.js';
import { parseHandshake } from '../../conversation/handshake.js';
import { ClientAddress } from '../../limits/client-address.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import {
  type AppServer,
  type AppSocket,
  type ExceptionEvent,
  type ReplyEvent,
  replyEvent,
  roomOf,
} from './socket-io.events.js';

/**
 * The socket.io framing of the ConversationPipeline: the handshake opens a session (a new or resumed
 * interaction), each `message` event is received into a reply (its ack, or the event to its socket), and
 * every committed reply goes to the interaction's room but the sender's socket, so that every tab of it
 * gets every reply once.
 */
@WebSocketGateway()
export class InteractionsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(InteractionsGateway.name);
  @WebSocketServer() private readonly server!: AppServer;

  constructor(
    private readonly pipeline: ConversationPipeline,
    private readonly metrics: MetricsService,
    private readonly addresses: ClientAddress,
  ) {}

  handleConnection(socket: AppSocket): void {
    this.metrics.socketOpened('socket.io');
    socket.data.ready = this.attach(socket);
    // A plain listener rather than @SubscribeMessage: this is the hot path, and Nest's handler pipeline (an
    // Observable per message, parameter decorators) adds nothing onMessage does not do itself.
    socket.on('message', (body, ack) => {
      // (a second argument that is no callback is no ack: the client emitted without asking for one)
      this.onMessage(socket, body, typeof ack === 'function' ? ack : undefined).catch(
        (error: unknown) => this.logger.error({ msg: 'message handling failed', error }),
      );
    });
  }

  handleDisconnect(): void {
    this.metrics.socketClosed('socket.io');
  }

  /**
   * One message, answered once on this socket: the reply is the ack when the client asked for one, else a
   * `message` event to this socket alone; the room's broadcast of it (here and on the other servers) leaves
   * this socket out. A failure is the `exception` event, and the ack too.
   */
  async onMessage(socket: AppSocket, body: unknown, ack?: (answer: Answer) => void): Promise<void> {
    const session = await socket.data.ready;
    if (session === undefined) return;
    let reply: ReplyEvent;
    try {
      reply = replyEvent(await this.pipeline.receive(session, () => body));
    } catch (error) {
      const refused = this.exception(socket, this.pipeline.fail(error));
      ack?.(refused);
      return;
    }
    // In the microtasks after the commit, as the room's broadcast: before any later turn's reply can come.
    if (ack !== undefined) ack(reply);
    else socket.emit('message', reply);
  }

  /** Opens the socket's session; on failure says why and disconnects. */
  private async attach(socket: AppSocket): Promise<Session | undefined> {
    try {
      const handshake = parseHandshake({ ...socket.handshake.query, ...socket.handshake.auth });
      const caller = {
        transport: 'socket.io' as const,
        address: this.addresses.of(socket.request),
        token: handshake.token,
        claimedUid: handshake.uid,
      };
      const { interaction, lastSeq } = handshake;
      const opened =
        interaction === undefined
          ? started(await this.pipeline.start({ ...caller, process: handshake.process }))
          : resumed(await this.pipeline.resume({ ...caller, interaction, lastSeq }));
      const { session } = opened;
      socket.data.uid = session.uid;
      socket.data.interaction = session.interaction;
      void socket.join(roomOf(session.interaction));
      socket.emit('session', opened.event);
      for (const turn of opened.turns) socket.emit('message', replyEvent(turn));
      // This socket's own messages are answered here, not through the room.
      return { ...session, connection: socket.id };
    } catch (error) {
      this.exception(socket, this.pipeline.refuseHandshake('socket.io', error));
      socket.disconnect(true);
      return undefined;
    }
  }

  private exception(socket: AppSocket, error: ClientError): ExceptionEvent {
    const event = exceptionEvent(error);
    socket.emit('exception', event);
    return event;
  }
}

/** What a message is answered with: its reply, or the client error. */
type Answer = ReplyEvent | ExceptionEvent;

/** A started interaction as its socket is told: the session event, then the welcome. */
function started({ session, welcome }: Started) {
  const { uid, interaction, process } = session;
  const { activity, status } = welcome;
  const event = { uid, interaction, process, resumed: false, activity, status };
  return { session, event, turns: [{ reply: welcome, input: null, messageId: null }] };
}

/** A resumed interaction as its socket is told: the session event, then the turns it missed. */
function resumed({ session, activity, status, missed }: Resumed) {
  const { uid, interaction, process } = session;
  const event = { uid, interaction, process, resumed: true, activity, status };
  return { session, event, turns: missed };
}

/** The client error as the `exception` event (and the ack of a failed message) carries it. */
export function exceptionEvent({
  code,
  message,
  retryable,
  retryAfterSeconds,
}: ClientError): ExceptionEvent {
  return retryAfterSeconds === undefined
    ? { code, message, retryable }
    : { code, message, retryable, retryAfter: retryAfterSeconds };
}
