import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AppError } from '../../common/app-error.js';
import { BadMessageError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { Caller, Session } from '../../conversation/conversation.types.js';
import type { Handshake } from '../../conversation/handshake.js';
import { parseMessage } from '../../conversation/parse-message.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { Settings } from '../../settings/settings.js';
import { IdentityService } from '../../auth/identity.service.js';
import {
  type BotUttered,
  type CustomData,
  isStartPayload,
  type SessionRequest,
  toBotUttered,
  toMessage,
  type UserUttered,
} from './rasa-frames.js';
import { RasaSessionIds } from './rasa-session-ids.js';

export interface RasaSocketData {
  handshake: Handshake;
  address: string;
  /** A confirmed session that has no interaction yet. */
  pending?: string;
  session?: Session;
}

/** Rasa's events are checked on arrival, so they are typed loosely here. */
type RasaEvents = Record<string, (...args: unknown[]) => void>;
export type RasaSocket = Socket<RasaEvents, RasaEvents, RasaEvents, RasaSocketData>;

/** The session id names an interaction this caller cannot have. */
export class ForeignSessionError extends AppError {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(why: string) {
    super(`${why}; a new session was confirmed instead`);
  }
}

export const rasaRoom = (interaction: string): string => `rasa:${interaction}`;

/**
 * What Rasa's frames mean, as calls of the ConversationPipeline. A session is one interaction: a new
 * session is confirmed at once and becomes an interaction with the widget's first message (its
 * initPayload, `/get_started`, starts it and says nothing else); a stored session resumes, with the
 * replies the widget has not seen. The uid is customData's (or the handshake's) in claimed mode, the
 * token's in JWT mode, and once a session has a uid no other may use it.
 */
@Injectable()
export class RasaSessions {
  constructor(
    private readonly pipeline: ConversationPipeline,
    private readonly identity: IdentityService,
    private readonly ids: RasaSessionIds,
    private readonly settings: Settings,
    private readonly interactions: InteractionsService,
  ) {}

  idAfter(interaction: string, seq: number): string | undefined {
    return this.ids.cached(interaction, seq);
  }

  async request(socket: RasaSocket, frame: SessionRequest): Promise<void> {
    if (frame.sessionId === undefined) return this.confirmNew(socket);
    const request = { ...frame, sessionId: frame.sessionId };
    const stored = await this.ids.parse(request.sessionId).catch(() => null);
    if (stored === null) {
      await this.confirmNew(socket);
      throw new ForeignSessionError('this session id was not issued by this server');
    }
    if (!stored.started) {
      // Rasa's session ids are stable: a client that kept the first one resumes what it started.
      const owner = await this.interactions.ownerOf(stored.interaction);
      if (owner !== null)
        return this.resume(socket, request, { uid: owner, interaction: stored.interaction });
      this.detach(socket);
      socket.data.pending = request.sessionId;
      socket.emit('session_confirm', request.sessionId);
      return;
    }
    return this.resume(socket, request, stored);
  }

  /** Resumes the interaction a session id names, replaying the replies after its seq (none without). */
  private async resume(
    socket: RasaSocket,
    request: SessionRequest & { sessionId: string },
    stored: { uid: string; interaction: string; seq?: number },
  ): Promise<void> {
    const caller = this.caller(socket, request.customData);
    // rasa-webchat sends nothing but the id here: in claimed mode the signed id says who, and who else is
    // named must match; in JWT mode the token must be in the handshake (socketUrl's ?token=) or customData.
    if (caller.claimedUid !== undefined && caller.claimedUid !== stored.uid) {
      await this.confirmNew(socket);
      throw new ForeignSessionError('this session belongs to another user');
    }
    const opened = await this.pipeline
      .resume({
        ...caller,
        claimedUid: stored.uid,
        interaction: stored.interaction,
        lastSeq: stored.seq,
      })
      .catch(async (error: unknown) => {
        if ((error as { code?: unknown }).code !== 'INTERACTION_NOT_FOUND') throw error;
        await this.confirmNew(socket);
        throw new ForeignSessionError('this session belongs to another user');
      });
    this.attach(socket, opened.session);
    socket.emit('session_confirm', request.sessionId);
    for (const { reply } of opened.missed)
      for (const frame of toBotUttered(reply)) socket.emit('bot_uttered', frame);
    const last = opened.missed.at(-1)?.reply;
    if (last !== undefined)
      socket.emit(
        'session_confirm',
        await this.ids.started(stored.uid, stored.interaction, last.seq),
      );
  }

  /**
   * One message: starts the session's interaction if needed, then receives it into a reply. Answers the
   * reply's frames for this socket (the welcome's, for the initPayload that starts the interaction).
   */
  async utter(socket: RasaSocket, frame: UserUttered): Promise<BotUttered[]> {
    const message = toMessage(frame.message);
    const caller = this.caller(socket, frame.customData);
    let { session } = socket.data;
    if (session === undefined) {
      if (socket.data.pending === undefined)
        throw new BadMessageError(
          'no session yet: send session_request, then user_uttered with the session_id of session_confirm',
        );
      if (frame.sessionId !== undefined && frame.sessionId !== socket.data.pending)
        await this.checkSessionId(frame.sessionId, undefined);
      // A message that will be refused must not start an interaction first.
      parseMessage(
        message,
        () => Buffer.byteLength(JSON.stringify(message)),
        this.settings.MAX_BODY_BYTES,
      );
      // The interaction gets the id the pending session named, so that the session id stays valid.
      const pending = await this.ids.parse(socket.data.pending);
      const opened = await this.pipeline.start({
        ...caller,
        process: frame.customData.process,
        newInteraction: pending.started ? undefined : pending.interaction,
      });
      session = this.attach(socket, opened.session);
      socket.emit('session_confirm', await this.ids.started(session.uid, session.interaction, 1));
      const welcome = toBotUttered(opened.welcome);
      if (isStartPayload(message)) return welcome;
      // Said now, not with the reply: the welcome stands even if this first turn is refused.
      for (const frame of welcome) socket.emit('bot_uttered', frame);
    } else {
      await this.checkSessionId(frame.sessionId, session.interaction);
      // In JWT mode every message carries the token; whoever a message names must be the session's user.
      const named =
        this.identity.mode === 'jwt' || caller.claimedUid !== undefined
          ? await this.pipeline.requireUid(caller)
          : session.uid;
      if (named !== session.uid)
        throw new ForeignSessionError('this session belongs to another user');
      // A widget that sends its initPayload again (its storage was cleared) does not restart anything.
      if (isStartPayload(message)) return [];
    }
    return this.reply(session, message);
  }

  /** The turn's reply as frames for this socket; the session's other sockets get them through its room. */
  private async reply(session: Session, message: unknown): Promise<BotUttered[]> {
    return toBotUttered((await this.pipeline.receive(session, () => message)).reply);
  }

  /** A message's session_id, when it has one, must be this connection's session. */
  private async checkSessionId(
    sessionId: string | undefined,
    interaction: string | undefined,
  ): Promise<void> {
    if (sessionId === undefined) return;
    const named = await this.ids.parse(sessionId).catch(() => null);
    if (named === null)
      throw new ForeignSessionError('this session id was not issued by this server');
    if (named.started && named.interaction !== interaction)
      throw new ForeignSessionError("this session_id is not this connection's session");
  }

  private caller(socket: RasaSocket, customData: CustomData): Caller {
    const { handshake, address } = socket.data;
    return {
      transport: 'rasa',
      address,
      token: customData.token ?? handshake.token,
      claimedUid: customData.uid ?? handshake.uid,
    };
  }

  private async confirmNew(socket: RasaSocket): Promise<void> {
    this.detach(socket);
    socket.data.pending = await this.ids.pending();
    socket.emit('session_confirm', socket.data.pending);
  }

  /** The socket's session: its own messages are answered on it, not through the room it joins. */
  private attach(socket: RasaSocket, session: Session): Session {
    this.detach(socket);
    socket.data.session = { ...session, connection: socket.id };
    void socket.join(rasaRoom(session.interaction));
    return socket.data.session;
  }

  private detach(socket: RasaSocket): void {
    if (socket.data.session !== undefined)
      void socket.leave(rasaRoom(socket.data.session.interaction));
    socket.data.session = undefined;
    socket.data.pending = undefined;
  }
}
