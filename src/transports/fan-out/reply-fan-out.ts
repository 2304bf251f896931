import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { Subject } from 'rxjs';
import type { Namespace, Server } from 'socket.io';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { type PublishedReply, ReplyBus } from '../../interactions/reply-bus.js';
import { RedisLink } from '../../redis/redis-link.service.js';
import { Settings } from '../../settings/settings.js';
import { toBotUttered } from '../rasa/rasa-frames.js';
import { rasaRoom } from '../rasa/rasa-sessions.js';
import { replyEvent, roomOf } from '../socket-io/socket-io.events.js';

type Broadcast = ReturnType<Namespace['to']>;

/** The room but the sender's socket (socket.io's except: a socket is in the room named by its id). */
const others = (to: Broadcast, connection: string | undefined): Broadcast =>
  connection === undefined ? to : to.except(connection);

const EVENT = 'mmcc:turn-committed';

/** A committed turn: its interaction and its seq. */
export interface TurnSignal {
  readonly interaction: string;
  readonly seq: number;
  /** A client's input made it (so that client has its reply): false for an operator's, a release, a migration. */
  readonly asked: boolean;
  /** The reply, when the turn was committed on this server (another server's is read from the transcript). */
  readonly reply?: StoredReply;
}

/**
 * The one fan-out of committed replies (ReplyBus.publish, after the commit): to the interaction's sockets
 * of every transport on this server, and to the other servers. socket.io and Rasa sockets get the reply
 * through their rooms, all but the sender's socket, which its gateway answers (the Redis adapter carries
 * the event, and whom it leaves out, to the other servers); then, on the next turn of the event loop, the
 * turn is signalled here and to the other servers (`turns`): what tells a Direct Line stream to read the
 * transcript again, and a Rasa socket which seq its session reached.
 * (A /ws client gets the reply to its own message, as in the reference protocol, and from `turns` the
 * replies no message of its own asked for: an operator's, see ReferenceWsPushes.)
 */
@WebSocketGateway()
export class ReplyFanOut implements OnGatewayInit {
  private readonly logger = new Logger(ReplyFanOut.name);
  private readonly committed = new Subject<TurnSignal>();
  /** The turns committed on this server or any other, each after its reply went to this server's rooms. */
  readonly turns = this.committed.asObservable();
  /** This server's turns to signal on the next turn of the event loop (one immediate for all of them). */
  private toSignal: PublishedReply[] = [];

  constructor(
    private readonly bus: ReplyBus,
    private readonly redis: RedisLink,
    private readonly settings: Settings,
  ) {}

  /** Whether other servers share the interactions (REDIS_URL): the one answer to it. */
  get acrossServers(): boolean {
    return this.redis.enabled;
  }

  afterInit(server: Server): void {
    const rasa = server.of(this.settings.RASA_NAMESPACE);
    if (this.acrossServers)
      server.on(EVENT, (interaction: unknown, seq: unknown, asked: unknown) => {
        // (a server of the version before says nothing of `asked`: then it is read)
        if (typeof interaction === 'string' && typeof seq === 'number')
          this.committed.next({ interaction, seq, asked: asked === true });
      });
    this.bus.published.subscribe((published) => {
      this.toRooms(server, rasa, published);
      // After the rooms were sent the reply, here and (in the same order through Redis) elsewhere: a
      // Rasa session is confirmed at a seq only once the widget has that reply.
      if (this.toSignal.push(published) === 1)
        setImmediate(() => {
          const turns = this.toSignal;
          this.toSignal = [];
          for (const turn of turns) this.signal(server, turn);
        });
    });
  }

  /**
   * To every socket of the interaction but the one that sent the input: its transport answers it itself
   * (the ack, or the event to it alone), so that it gets the reply once. Without other servers, a room with
   * no other socket here is not encoded at all.
   */
  private toRooms(server: Server, rasa: Namespace, published: PublishedReply): void {
    const { interaction, connection } = published;
    const room = roomOf(interaction);
    if (this.reaches(server.sockets, room, connection))
      others(server.to(room), connection).emit('message', replyEvent(published));
    const rasaSockets = rasaRoom(interaction);
    if (this.reaches(rasa, rasaSockets, connection)) {
      const to = others(rasa.to(rasaSockets), connection);
      for (const frame of toBotUttered(published.reply)) to.emit('bot_uttered', frame);
    }
  }

  /** Whether the room may have a socket besides the sender's: here, or (with Redis) on another server. */
  private reaches(namespace: Namespace, room: string, connection: string | undefined): boolean {
    if (this.acrossServers) return true;
    const sockets = namespace.adapter.rooms.get(room);
    if (sockets === undefined) return false;
    return sockets.size > (connection !== undefined && sockets.has(connection) ? 1 : 0);
  }

  private signal(server: Server, { interaction, reply, input }: PublishedReply): void {
    const asked = input !== null;
    this.committed.next({ interaction, seq: reply.seq, asked, reply });
    if (!this.acrossServers) return;
    try {
      server.serverSideEmit(EVENT, interaction, reply.seq, asked);
    } catch (error) {
      // Redis is down: the other servers' streams catch up with the next turn or reconnection.
      this.logger.warn({ msg: 'could not signal the other servers', error: String(error) });
    }
  }
}
