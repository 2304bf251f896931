import { Injectable } from '@nestjs/common';
import { IdentityService } from '../auth/identity.service.js';
import { type ClientError, ForbiddenOriginError } from '../common/client-errors.js';
import type { JsonObject } from '../engine/index.js';
import { InteractionsService } from '../interactions/interactions.service.js';
import { UidRequiredError } from '../interactions/interaction-errors.js';
import { OriginPolicy } from '../limits/origin-policy.js';
import { RateLimitService } from '../limits/rate-limit.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { StoredReply } from '../interactions/model/interaction.model.js';
import { Settings } from '../settings/settings.js';
import type {
  Answered,
  Attached,
  Caller,
  Resumed,
  ResumeRequest,
  Session,
  Started,
  StartRequest,
  TransportName,
} from './conversation.types.js';
import { ErrorReporter } from '../metrics/error-reporter.js';
import { parseMessage } from './parse-message.js';

/**
 * The way every message travels, whichever transport brought it: who is calling, admission (origin, limits),
 * start or resume, parse and validate, the turn (InteractionsService), and the one mapping of any failure to
 * a client error with its log line and metric. Transports only frame: a client event in, one call here, the
 * result or `fail(error)` back out.
 */
@Injectable()
export class ConversationPipeline {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly identity: IdentityService,
    private readonly limits: RateLimitService,
    private readonly originPolicy: OriginPolicy,
    private readonly errors: ErrorReporter,
    private readonly metrics: MetricsService,
    private readonly settings: Settings,
  ) {}

  /** The browser origins allowed (CORS_ORIGINS), or undefined for any: for the CORS headers. */
  get origins(): string[] | undefined {
    return this.originPolicy.origins;
  }

  /** The CORS answer for HTTP and socket.io (credentials only for the origins CORS_ORIGINS lists). */
  get cors(): OriginPolicy['cors'] {
    return this.originPolicy.cors;
  }

  /** A browser page's origin, before any handshake: the refusal (counted) or undefined when allowed. */
  refuseOrigin(transport: TransportName, origin: string | undefined): ClientError | undefined {
    if (this.originPolicy.allows(origin)) return undefined;
    return this.refuseHandshake(transport, new ForbiddenOriginError(String(origin)));
  }

  /** Starts an interaction: identity, the connection limit, the start (a new uid for a caller without one). */
  async start(request: StartRequest): Promise<Started> {
    const uid = await this.identity.uidOf(request);
    await this.limits.admitConnection(uid, request.address);
    const started = await this.interactions.start(uid, request.process, request.newInteraction);
    return { session: sessionOf(request, started), welcome: started.reply };
  }

  /** Resumes an interaction of the caller's: identity (required), the connection limit, what was missed. */
  async resume(request: ResumeRequest): Promise<Resumed> {
    const uid = await this.identity.uidOf(request);
    await this.limits.admitConnection(uid, request.address);
    // Only its owner can resume an interaction: say who that is first.
    if (uid === undefined) throw new UidRequiredError();
    const view = await this.interactions.get(request.interaction, uid);
    const missed =
      request.lastSeq === undefined
        ? []
        : await this.interactions.transcript(view.interaction, view.uid, request.lastSeq);
    const session = sessionOf(request, view);
    return { session, activity: view.activity, status: view.status, missed };
  }

  /** A connection that opens no session yet (a Rasa socket, a Direct Line stream): the connection limits. */
  admit(uid: string | undefined, address: string): Promise<void> {
    return this.limits.admitConnection(uid, address);
  }

  /**
   * Whether the caller says no uid at all (only in claimed mode: a token always names one): a transport
   * whose protocol does not start anonymous interactions hands out a uid, or refuses, instead of `start`.
   */
  anonymous(caller: Caller): boolean {
    return this.identity.mode === 'claimed' && caller.claimedUid === undefined;
  }

  /**
   * One message of a connection's session. `decode` turns the frame into JSON (it throws a BadMessageError
   * for a frame that is not); `wireBytes` is its size on the wire when the transport knows it.
   */
  async receive(session: Attached, decode: () => unknown, wireBytes?: number): Promise<Answered> {
    await this.limits.admitMessage(session.uid, session.address);
    return this.turn(session, decode, wireBytes);
  }

  /** A request-scoped message (REST): the caller must say who they are. */
  async send(caller: Caller, interaction: string, decode: () => unknown): Promise<StoredReply> {
    const uid = await this.requireUid(caller);
    await this.limits.admitMessage(uid, caller.address);
    return (await this.turn({ uid, interaction }, decode, undefined, 'the body')).reply;
  }

  /** The caller's uid, for a request that reads an interaction; UID_REQUIRED without one. */
  async requireUid(caller: Caller): Promise<string> {
    const uid = await this.identity.uidOf(caller);
    if (uid === undefined) throw new UidRequiredError();
    return uid;
  }

  /**
   * The payload of the interaction's last reply, or {} when it cannot be read: what an error on the original's
   * protocol carries, so that its page stays as it was.
   */
  async lastPayload(session: Pick<Session, 'uid' | 'interaction'>): Promise<JsonObject> {
    try {
      return (await this.interactions.lastReply(session.interaction, session.uid))?.payload ?? {};
    } catch {
      return {};
    }
  }

  /** Any failure of a message or request, as the client is to be told it (logged and counted once). */
  fail(error: unknown): ClientError {
    return this.errors.report(error);
  }

  /** A handshake refused: counted per transport besides the error code. */
  refuseHandshake(transport: TransportName, error: unknown): ClientError {
    const refusal = this.errors.report(error);
    this.metrics.handshakeRefused(transport, refusal.code);
    return refusal;
  }

  private async turn(
    { uid, interaction, connection }: Pick<Attached, 'uid' | 'interaction' | 'connection'>,
    decode: () => unknown,
    wireBytes?: number,
    what?: string,
  ): Promise<Answered> {
    const raw = decode();
    const bytes = wireBytes ?? (() => Buffer.byteLength(JSON.stringify(raw) ?? ''));
    const { input, messageId } = parseMessage(raw, bytes, this.settings.MAX_BODY_BYTES, what);
    const reply = await this.interactions.handle(interaction, uid, input, messageId, connection);
    // With what produced it: socket.io shows both sides of the turn in every tab.
    return { reply, input, messageId };
  }
}

function sessionOf(
  caller: Caller,
  interaction: { uid: string; interaction: string; process: string },
): Session {
  return {
    transport: caller.transport,
    address: caller.address,
    uid: interaction.uid,
    interaction: interaction.interaction,
    process: interaction.process,
  };
}
