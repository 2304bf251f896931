import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ClientError } from '../../common/client-errors.js';
import { BadMessageError } from '../../common/client-errors.js';
import { closeOnError } from '../upgrades/websocket-server.js';
import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { Session, StartRequest } from '../../conversation/conversation.types.js';
import type { JsonObject } from '../../engine/index.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { referenceErrorFrame } from '../reference-error-frame.js';
import type { WsPush } from './reference-ws-pushes.js';

/** Close codes of the reference protocol. */
const NORMAL = 1000;
const POLICY = 1008;
/** The close reason of a socket whose interaction was erased (after an INTERACTION_NOT_FOUND frame). */
const ERASED = 'interaction erased';

/** A /ws handshake: a start, or a resume when it names an interaction. */
export type WsRequest = StartRequest & { readonly interaction?: string; readonly lastSeq?: number };

export interface ReferenceWsBounds {
  /** Frames that may wait behind the one being handled (TURN_QUEUE_LIMIT). */
  readonly maxWaiting: number;
  /** Sends the session's unasked replies (an operator's) or closing through `push` until the returned detach. */
  readonly attach?: (session: Session, push: WsPush) => () => void;
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

/** The reference protocol's error frame: the reference's `error`, with our code, when to retry, and what a reply carries. */
export const errorFrame = (error: ClientError, payload: JsonObject = {}): object =>
  referenceErrorFrame(error, payload);

/**
 * The plain WebSocket framing of the ConversationPipeline, in the reference's protocol (the reference Python
 * backend this server rewrites). Frames are handled one after the other, so each gets its reply in the order
 * it was sent. A client that sends more than `maxWaiting` frames ahead of their replies is closed (1008): a
 * refusal could not be told apart from the replies it overtook, and the frames would otherwise pile up.
 */
export class ReferenceWsConnection {
  private queue: Promise<Session | undefined>;
  private waiting = 0;
  /** The payload of the interaction's last reply: what an error frame carries, so the page stays as it was. */
  private lastPayload: JsonObject = {};

  constructor(
    private readonly socket: WebSocket,
    request: WsRequest,
    private readonly pipeline: ConversationPipeline,
    private readonly bounds: ReferenceWsBounds,
  ) {
    // A frame over the size cap (or a broken frame) closes the connection with its close code.
    closeOnError(socket);
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

  private async open(request: WsRequest): Promise<Session | undefined> {
    try {
      const { interaction, process, lastSeq, ...caller } = request;
      if (interaction === undefined && this.pipeline.anonymous(caller)) {
        // The reference's uid handout: a new uid, then a normal close; the client reconnects with it.
        // (In JWT mode the uid is the token's subject, so a client with a token never needs it.)
        this.socket.send(randomUUID());
        this.socket.close(NORMAL, 'uid issued');
        return undefined;
      }
      if (interaction !== undefined) {
        // A resumed interaction is silent until the client speaks, as in the reference.
        const { session } = await this.pipeline.resume({ ...caller, interaction, lastSeq });
        this.lastPayload = await this.pipeline.lastPayload(session);
        return this.attached(session);
      }
      const { session, welcome } = await this.pipeline.start({ ...caller, process });
      this.socket.send(session.interaction);
      this.lastPayload = welcome.payload;
      this.send(referenceFrame(welcome));
      return this.attached(session);
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
      this.lastPayload = reply.payload;
      this.send(referenceFrame(reply));
    } catch (error) {
      this.send(errorFrame(this.pipeline.fail(error), this.lastPayload));
    }
  }

  /** The session, its unasked replies (an operator's) sent on this socket while it is open. */
  private attached(session: Session): Session {
    const detach = this.bounds.attach?.(session, {
      reply: (reply) => this.send(reply),
      close: (why) => {
        this.send(errorFrame(why, this.lastPayload));
        this.socket.close(POLICY, ERASED);
      },
    });
    if (detach === undefined) return session;
    if (this.socket.readyState === this.socket.OPEN) this.socket.once('close', detach);
    else detach();
    return session;
  }

  private refuse(error: ClientError): void {
    this.send(errorFrame(error));
    this.socket.close(POLICY, 'refused');
  }

  private send(value: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(value));
  }
}

/** A reply as the reference sends it: without the process version, which the reference does not know. */
function referenceFrame({
  version: _version,
  ...frame
}: StoredReply): Omit<StoredReply, 'version'> {
  return frame;
}
