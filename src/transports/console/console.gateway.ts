import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Server, Socket } from 'socket.io';
import { isAdminToken } from '../../admin/admin-token.guard.js';
import { type PublishedReply, ReplyBus } from '../../interactions/reply-bus.js';
import { Settings } from '../../settings/settings.js';

/** The console's socket.io namespace: the operator's live view of the turns, on every server. */
export const CONSOLE_NAMESPACE = '/console';

const watchRoom = (interaction: string) => `watch:${interaction}`;

/** A turn that changes who answers (a handoff, a takeover, a release) or ends the interaction. */
const changesQueue = ({ reply, input }: PublishedReply): boolean =>
  reply.status !== 'active' || (input === null && reply.seq > 1);

/**
 * The console's live feed. The handshake's `auth.token` is the admin token (never in the URL). A socket
 * `watch`es interactions: it gets each of their committed turns (`turn`, both sides); every console socket
 * gets `queue` when an interaction's status changes (the handoff queue, held, released, completed).
 * Through the Redis adapter, a turn committed on any server reaches the console on any other.
 */
@WebSocketGateway()
export class ConsoleGateway implements OnGatewayInit {
  private readonly logger = new Logger(ConsoleGateway.name);

  constructor(
    private readonly bus: ReplyBus,
    private readonly settings: Settings,
  ) {}

  afterInit(server: Server): void {
    const consoles = server.of(CONSOLE_NAMESPACE);
    consoles.use((socket, next) => {
      const expected = this.settings.ADMIN_TOKEN;
      const given: unknown = socket.handshake.auth?.token;
      if (expected === undefined) return next(new Error('the console is off: set ADMIN_TOKEN'));
      if (typeof given !== 'string' || !isAdminToken(expected, given))
        return next(new Error('the admin token is missing or wrong'));
      next();
    });
    consoles.on('connection', (socket: Socket) => this.connected(socket));
    this.bus.published.subscribe((published) => this.forward(consoles, published));
  }

  private connected(socket: Socket): void {
    socket.on('watch', (interaction: unknown, ack?: unknown) => {
      const valid = typeof interaction === 'string' && interaction.length <= 36;
      if (valid) void socket.join(watchRoom(interaction));
      if (typeof ack === 'function')
        ack(valid ? { ok: true } : { error: 'watch takes an interaction id' });
    });
    socket.on('unwatch', (interaction: unknown) => {
      if (typeof interaction === 'string') void socket.leave(watchRoom(interaction));
    });
  }

  private forward(consoles: Namespace, published: PublishedReply): void {
    const acrossServers = this.settings.REDIS_URL !== undefined;
    const room = watchRoom(published.interaction);
    try {
      if (acrossServers || consoles.adapter.rooms.has(room)) {
        // Both sides of the turn; which socket sent it is the fan-out's business, not the operator's.
        const { interaction, reply, input, messageId } = published;
        consoles.to(room).emit('turn', { interaction, reply, input, messageId });
      }
      if (changesQueue(published) && (acrossServers || consoles.sockets.size > 0))
        consoles.emit('queue', {
          interaction: published.interaction,
          status: published.reply.status,
          activity: published.reply.activity,
          seq: published.reply.seq,
        });
    } catch (error) {
      this.logger.warn({ msg: 'could not reach the consoles', error: String(error) });
    }
  }
}
