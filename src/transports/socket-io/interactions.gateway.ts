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
 * interaction), each `message` event is received into a reply (its ack), and every committed reply goes to
 * the interaction's room, so that every tab of it gets every reply.
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
      this.onMessage(socket, body)
        .then((answer) => {
          if (answer !== undefined && typeof ack === 'function') ack(answer);
        })
        .catch((error: unknown) => this.logger.error({ msg: 'message handling failed', error }));
    });
  }

  handleDisconnect(): void {
    this.metrics.socketClosed('socket.io');
  }

  /** One message: its reply, or the exception (also emitted) when it failed. */
  async onMessage(
    socket: AppSocket,
    body: unknown,
  ): Promise<ReplyEvent | ExceptionEvent | undefined> {
    const session = await socket.data.ready;
    if (session === undefined) return undefined;
    try {
      // The reply reaches this socket through its room too; returning it also acknowledges the message.
      return replyEvent(await this.pipeline.receive(session, () => body));
    } catch (error) {
      return this.exception(socket, this.pipeline.fail(error));
    }
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
      return session;
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
