import type { WebSocket } from 'ws';
import type { ClientError } from '../../common/client-errors.js';
import { BadMessageError } from '../../common/client-errors.js';
import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { Session, SessionRequest } from '../../conversation/conversation.types.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';

/** Close codes of the seed protocol. */
const NORMAL = 1000;
const POLICY = 1008;

export interface SeedWsBounds {
  /** Frames that may wait behind the one being handled (TURN_QUEUE_LIMIT). */
  readonly maxWaiting: number;
  /** Sends the session's unasked replies (an operator's) through `push` until the returned detach. */
  readonly attach?: (session: Session, push: (reply: StoredReply) => void) => () => void;
}

/** A frame as JSON; a binary frame or text that is not JSON is a BAD_MESSAGE. */
function decodeFrame(data: Buffer, isBinary: boolean): unknown {
  if (isBinary)
    throw new BadMessageError('binary frames are not read: send the message as JSON text');
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    throw new BadMessageError(
      'the frame is not JSON: send {"type": "utterance", "utterance": "..."} or {"type": "data", "payload": {...}}',
    );
  }
}

/** The seed protocol's error frame: the reference's `error`, with our code and when to retry. */
export function errorFrame({ message, code, retryable, retryAfterSeconds }: ClientError): object {
  return retryAfterSeconds === undefined
    ? { error: message, code, retryable }
    : { error: message, code, retryable, retryAfter: retryAfterSeconds };
}

/**
 * The plain WebSocket framing of the ConversationPipeline, in the seed's protocol ("seed": the reference Python
 * backend this server rewrites). Frames are handled one after the other, so each gets its reply in the order
 * it was sent. A client that sends more than `maxWaiting` frames ahead of their replies is closed (1008): a
 * refusal could not be told apart from the replies it overtook, and the frames would otherwise pile up.
 */
export class SeedWsConnection {
  private queue: Promise<Session | undefined>;
  private waiting = 0;

  constructor(
    private readonly socket: WebSocket,
    request: SessionRequest,
    private readonly pipeline: ConversationPipeline,
    private readonly bounds: SeedWsBounds,
  ) {
    // A frame over the size cap (or a broken frame) closes the connection; without a listener the
    // 'error' event would crash the process.
    socket.on('error', () => socket.terminate());
    // Listen at once: frames sent before the handshake work is done wait for it.
    this.queue = this.open(request);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.waiting >= this.bounds.maxWaiting) {
        this.socket.close(
          POLICY,
          `over ${this.bounds.maxWaiting} messages waiting: wait for replies before sending more`,
        );
        return;
      }
      this.waiting += 1;
      this.queue = this.queue.then(async (session) => {
        this.waiting -= 1;
        // Frames that arrived before a close are dropped, not run for nobody.
        if (session === undefined || this.socket.readyState !== this.socket.OPEN) return undefined;
        await this.onFrame(session, data, isBinary);
        return session;
      });
    });
  }

  private async open(request: SessionRequest): Promise<Session | undefined> {
    try {
      // In JWT mode the uid is the token's subject, so a client with a token never needs the uid handout.
      const opened = await this.pipeline.open({ ...request, issueUid: true });
      if (opened.kind === 'uid-issued') {
        // The reference's uid handout: a new uid, then a normal close; the client reconnects with it.
        this.socket.send(opened.uid);
        this.socket.close(NORMAL, 'uid issued');
        return undefined;
      }
      if (opened.kind === 'started') {
        this.socket.send(opened.session.interaction);
        this.send(opened.welcome);
      }
      const detach = this.bounds.attach?.(opened.session, (reply) => this.send(reply));
      if (detach !== undefined) {
        if (this.socket.readyState === this.socket.OPEN) this.socket.once('close', detach);
        else detach();
      }
      // A resumed interaction is silent until the client speaks, as in the reference.
      return opened.session;
    } catch (error) {
      this.refuse(this.pipeline.refuseHandshake('ws', error));
      return undefined;
    }
  }

  private async onFrame(session: Session, data: Buffer, isBinary: boolean): Promise<void> {
    try {
      const { reply } = await this.pipeline.receive(
        session,
        () => decodeFrame(data, isBinary),
        data.length,
      );
      // The reference's frame: the reply alone (the client sent the input itself).
      this.send(reply);
    } catch (error) {
      this.send(errorFrame(this.pipeline.fail(error)));
    }
  }

  private refuse(error: ClientError): void {
    this.send(errorFrame(error));
    this.socket.close(POLICY, 'refused');
  }

  private send(value: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(value));
  }
}
