import { RateLimitService } from '../../limits/rate-limit.service.js';
import { Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { toClientError } from '../../common/client-errors.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { ReplyBus } from '../../interactions/reply-bus.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { Settings } from '../../settings/settings.js';
import { IdentityService } from '../../auth/identity.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { parseHandshake } from '../handshake.js';
import { parseMessage } from '../parse-message.js';
import { type AppServer, type AppSocket, type ExceptionEvent, roomOf } from './socket-io.events.js';

/**
 * The socket.io transport: the handshake attaches a socket to an interaction (new or resumed), each
 * `message` is one turn of the InteractionsService, and every committed reply goes to the interaction's room.
 */
@WebSocketGateway()
export class InteractionsGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(InteractionsGateway.name);
  @WebSocketServer() private readonly server!: AppServer;

  constructor(
    private readonly interactions: InteractionsService,
    private readonly bus: ReplyBus,
    private readonly settings: Settings,
    private readonly identity: IdentityService,
    private readonly metrics: MetricsService,
    private readonly limits: RateLimitService,
  ) {}

  afterInit(server: AppServer): void {
    this.bus.published.subscribe(({ interaction, reply }) =>
      server.to(roomOf(interaction)).emit('message', reply),
    );
  }

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

  /** One message: a turn, answered with the reply, or with the exception (also emitted) when it failed. */
  async onMessage(
    socket: AppSocket,
    body: unknown,
  ): Promise<StoredReply | ExceptionEvent | undefined> {
    if (!(await socket.data.ready)) return undefined;
    try {
      await this.limits.admitMessage(socket.data.uid, socket.handshake.address);
      const bytes = () => Buffer.byteLength(JSON.stringify(body) ?? '');
      const { input, messageId } = await parseMessage(body, bytes, this.settings.MAX_BODY_BYTES);
      // The reply reaches this socket through its room too; returning it also acknowledges the message.
      return await this.interactions.handle(
        socket.data.interaction,
        socket.data.uid,
        input,
        messageId,
      );
    } catch (error) {
      return this.exception(socket, error);
    }
  }

  /** Starts or resumes the socket's interaction; on failure says why and disconnects. */
  private async attach(socket: AppSocket): Promise<boolean> {
    try {
      const {
        token,
        uid: claimedUid,
        interaction,
        process,
        lastSeq,
      } = parseHandshake({
        ...socket.handshake.query,
        ...socket.handshake.auth,
      });
      const claimed = await this.identity.uidOf({ token, claimedUid });
      await this.limits.admitConnection(claimed, socket.handshake.address);
      if (interaction === undefined) {
        const started = await this.interactions.start(claimed, process);
        this.join(socket, started.uid, started.interaction);
        socket.emit('session', {
          uid: started.uid,
          interaction: started.interaction,
          process: started.process,
          resumed: false,
          activity: started.reply.activity,
          status: started.reply.status,
        });
        socket.emit('message', started.reply);
        return true;
      }
      // Without a uid nobody can own the interaction: not found, like a foreign one.
      const view = await this.interactions.get(interaction, claimed ?? '');
      this.join(socket, view.uid, view.interaction);
      socket.emit('session', {
        uid: view.uid,
        interaction: view.interaction,
        process: view.process,
        resumed: true,
        activity: view.activity,
        status: view.status,
      });
      if (lastSeq !== undefined) {
        for (const reply of await this.interactions.repliesAfter(
          view.interaction,
          view.uid,
          lastSeq,
        ))
          socket.emit('message', reply);
      }
      return true;
    } catch (error) {
      this.exception(socket, error);
      socket.disconnect(true);
      return false;
    }
  }

  private join(socket: AppSocket, uid: string, interaction: string): void {
    socket.data.uid = uid;
    socket.data.interaction = interaction;
    void socket.join(roomOf(interaction));
  }

  private exception(socket: AppSocket, error: unknown): ExceptionEvent {
    const { code, message, retryable } = toClientError(error);
    this.metrics.error(code);
    if (code === 'INTERNAL')
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const event: ExceptionEvent = { code, message, retryable };
    socket.emit('exception', event);
    return event;
  }
}
