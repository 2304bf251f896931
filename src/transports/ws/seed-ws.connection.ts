import type { RateLimitService } from '../../limits/rate-limit.service.js';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { toClientError } from '../../common/client-errors.js';
import type { IdentityService } from '../../auth/identity.service.js';
import type { MetricsService } from '../../metrics/metrics.service.js';
import type { InteractionsService } from '../../interactions/interactions.service.js';
import type { Handshake } from '../handshake.js';
import { parseMessage } from '../parse-message.js';

/** Close codes of the seed protocol. */
const NORMAL = 1000;
const POLICY = 1008;

export interface SeedWsBounds {
  /** The largest message, in bytes (MAX_BODY_BYTES). */
  readonly maxMessageBytes: number;
  /** Frames that may wait behind the one being handled (TURN_QUEUE_LIMIT). */
  readonly maxWaiting: number;
}

/**
 * One plain WebSocket client speaking the seed's protocol. Frames are handled one after the other, so
 * each gets its reply in the order it was sent. A client that sends more than `maxWaiting` frames ahead of
 * their replies is closed (1008): a refusal could not be told apart from the replies it overtook, and the
 * frames would otherwise pile up in memory without limit.
 */
export class SeedWsConnection {
  private uid = '';
  private interaction = '';
  private queue: Promise<boolean>;
  private waiting = 0;

  constructor(
    private readonly socket: WebSocket,
    handshake: Handshake,
    private readonly interactions: InteractionsService,
    private readonly identity: IdentityService,
    private readonly metrics: MetricsService,
    private readonly limits: RateLimitService,
    private readonly ip: string,
    private readonly bounds: SeedWsBounds,
  ) {
    // A frame over the size cap (or a broken frame) closes the connection; without a listener the
    // 'error' event would crash the process.
    socket.on('error', () => socket.terminate());
    // Listen at once: frames sent before the handshake work is done wait for it.
    this.queue = this.open(handshake);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.waiting >= this.bounds.maxWaiting) {
        this.socket.close(
          POLICY,
          `over ${this.bounds.maxWaiting} messages waiting: wait for replies before sending more`,
        );
        return;
      }
      this.waiting += 1;
      this.queue = this.queue.then(async (open) => {
        this.waiting -= 1;
        // Frames that arrived before a close are dropped, not run for nobody.
        if (!open || this.socket.readyState !== this.socket.OPEN) return false;
        await this.onFrame(data, isBinary);
        return true;
      });
    });
  }

  private async open({
    token,
    uid: claimedUid,
    interaction,
    process,
  }: Handshake): Promise<boolean> {
    try {
      // In JWT mode the uid is the token's subject, so a client with a token never needs the uid handout.
      const uid = await this.identity.uidOf({ token, claimedUid });
      await this.limits.admitConnection(uid, this.ip);
      if (uid === undefined && interaction === undefined) {
        // The reference's uid handout: a new uid, then a normal close; the client reconnects with it.
        const started = randomUUID();
        this.socket.send(started);
        this.socket.close(NORMAL, 'uid issued');
        return false;
      }
      if (uid === undefined) {
        return this.refuse(
          'an interaction was given without a uid: connect with ?uid=<your uid>&interaction=<id>',
        );
      }
      if (interaction === undefined) {
        const started = await this.interactions.start(uid, process);
        this.attach(started.uid, started.interaction);
        this.socket.send(started.interaction);
        this.send(started.reply);
        return true;
      }
      const view = await this.interactions.get(interaction, uid);
      // A resumed interaction is silent until the client speaks, as in the reference.
      this.attach(view.uid, view.interaction);
      return true;
    } catch (error) {
      return this.refuse(toClientError(error).message);
    }
  }

  private async onFrame(data: Buffer, isBinary: boolean): Promise<void> {
    try {
      if (isBinary) {
        this.send({
          error: 'binary frames are not read: send the message as JSON text',
          code: 'BAD_MESSAGE',
        });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString('utf8'));
      } catch {
        this.send({
          error:
            'the frame is not JSON: send {"type": "utterance", "utterance": "..."} or {"type": "data", "payload": {...}}',
          code: 'BAD_MESSAGE',
        });
        return;
      }
      const { input, messageId } = await parseMessage(
        raw,
        data.length,
        this.bounds.maxMessageBytes,
      );
      await this.limits.admitMessage(this.uid, this.ip);
      this.send(await this.interactions.handle(this.interaction, this.uid, input, messageId));
    } catch (error) {
      const { code, message, retryable } = toClientError(error);
      this.metrics.error(code);
      this.send({ error: message, code, retryable });
    }
  }

  private attach(uid: string, interaction: string): void {
    this.uid = uid;
    this.interaction = interaction;
  }

  private refuse(message: string): false {
    this.send({ error: message });
    this.socket.close(POLICY, 'refused');
    return false;
  }

  private send(value: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(value));
  }
}
