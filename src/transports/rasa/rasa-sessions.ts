import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { IdentityService } from '../../auth/identity.service.js';
import { BadMessageError } from '../../common/client-errors.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { RateLimitService } from '../../limits/rate-limit.service.js';
import { Settings } from '../../settings/settings.js';
import type { Handshake } from '../handshake.js';
import { parseMessage } from '../parse-message.js';
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
  ip: string;
  /** A confirmed session that has no interaction yet. */
  pending?: string;
  uid?: string;
  interaction?: string;
}

/** Rasa's events are checked on arrival, so they are typed loosely here. */
type RasaEvents = Record<string, (...args: unknown[]) => void>;
export type RasaSocket = Socket<RasaEvents, RasaEvents, RasaEvents, RasaSocketData>;

/** The session id names an interaction this caller cannot have. */
export class ForeignSessionError extends Error {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(why: string) {
    super(`${why}; a new session was confirmed instead`);
    this.name = 'ForeignSessionError';
  }
}

export const rasaRoom = (interaction: string): string => `rasa:${interaction}`;

/**
 * What Rasa's frames mean for our interactions. A session is one interaction: a new session is
 * confirmed at once and becomes an interaction with the widget's first message (its initPayload,
 * `/get_started`, starts it and says nothing else); a stored session resumes, with the replies the
 * widget has not seen. The uid is customData's (or the handshake's) in claimed mode, the token's in
 * JWT mode, and once a session has a uid no other may use it.
 */
@Injectable()
export class RasaSessions {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly identity: IdentityService,
    private readonly limits: RateLimitService,
    private readonly settings: Settings,
    private readonly ids: RasaSessionIds,
  ) {}

  idAfter(interaction: string, seq: number): string | undefined {
    return this.ids.cached(interaction, seq);
  }

  async request(socket: RasaSocket, request: SessionRequest): Promise<void> {
    if (request.sessionId === undefined) return this.confirmNew(socket);
    const session = await this.ids.parse(request.sessionId).catch(() => null);
    if (session === null) {
      await this.confirmNew(socket);
      throw new ForeignSessionError('this session id was not issued by this server');
    }
    if (!session.started) {
      this.detach(socket);
      socket.data.pending = request.sessionId;
      socket.emit('session_confirm', request.sessionId);
      return;
    }
    // rasa-webchat sends nothing but the id here: the signed id is enough, and who else is named must match.
    const caller = this.presents(socket, request.customData)
      ? await this.callerUid(socket, request.customData)
      : undefined;
    if (caller !== undefined && caller !== session.uid) {
      await this.confirmNew(socket);
      throw new ForeignSessionError('this session belongs to another user');
    }
    await this.limits.admitConnection(session.uid, socket.data.ip);
    await this.interactions.get(session.interaction, session.uid);
    this.attach(socket, session.uid, session.interaction);
    socket.emit('session_confirm', request.sessionId);
    const missed = await this.interactions.repliesAfter(
      session.interaction,
      session.uid,
      session.seq,
    );
    for (const reply of missed)
      for (const frame of toBotUttered(reply)) socket.emit('bot_uttered', frame);
    if (missed.length > 0)
      socket.emit(
        'session_confirm',
        await this.ids.started(session.uid, session.interaction, missed.at(-1)!.seq),
      );
  }

  /** One message: starts the session's interaction if needed, then runs the turn. */
  async utter(socket: RasaSocket, frame: UserUttered, raw: unknown): Promise<BotUttered[]> {
    const message = toMessage(frame.message);
    const bytes = () => Buffer.byteLength(JSON.stringify(raw) ?? '');
    const { input } = await parseMessage(message, bytes, this.settings.MAX_BODY_BYTES);
    const caller = await this.callerUid(socket, frame.customData);
    let { uid, interaction } = socket.data;
    if (uid === undefined || interaction === undefined) {
      if (socket.data.pending === undefined)
        throw new BadMessageError(
          'no session yet: send session_request, then user_uttered with the session_id of session_confirm',
        );
      if (frame.sessionId !== undefined && frame.sessionId !== socket.data.pending)
        await this.checkSessionId(frame.sessionId, undefined);
      await this.limits.admitConnection(caller, socket.data.ip);
      const started = await this.interactions.start(caller, frame.customData.process);
      ({ uid, interaction } = started);
      this.attach(socket, uid, interaction);
      socket.emit('session_confirm', await this.ids.started(uid, interaction, 1));
      const welcome = toBotUttered(started.reply);
      for (const f of welcome) socket.emit('bot_uttered', f);
      if (isStartPayload(message)) return welcome;
    } else {
      await this.checkSessionId(frame.sessionId, interaction);
      if (caller !== undefined && caller !== uid)
        throw new ForeignSessionError('this session belongs to another user');
      // A widget that sends its initPayload again (its storage was cleared) does not restart anything.
      if (isStartPayload(message)) return [];
    }
    await this.limits.admitMessage(uid, socket.data.ip);
    // The reply reaches this socket (and every other one of the session) through the session's room.
    return toBotUttered(await this.interactions.handle(interaction, uid, input, null));
  }

  /** A message's session_id, when it has one, must be this connection's session. */
  private async checkSessionId(
    sessionId: string | undefined,
    interaction: string | undefined,
  ): Promise<void> {
    if (sessionId === undefined) return;
    const session = await this.ids.parse(sessionId).catch(() => null);
    if (session === null)
      throw new ForeignSessionError('this session id was not issued by this server');
    if (session.started && session.interaction !== interaction)
      throw new ForeignSessionError("this session_id is not this connection's session");
  }

  private presents(socket: RasaSocket, customData: CustomData): boolean {
    const { handshake } = socket.data;
    const token = customData.token ?? handshake.token;
    return this.identity.mode === 'jwt'
      ? token !== undefined
      : (customData.uid ?? handshake.uid) !== undefined;
  }

  private callerUid(socket: RasaSocket, customData: CustomData): Promise<string | undefined> {
    const { handshake } = socket.data;
    return this.identity.uidOf({
      token: customData.token ?? handshake.token,
      claimedUid: customData.uid ?? handshake.uid,
    });
  }

  private async confirmNew(socket: RasaSocket): Promise<void> {
    this.detach(socket);
    socket.data.pending = await this.ids.pending();
    socket.emit('session_confirm', socket.data.pending);
  }

  private attach(socket: RasaSocket, uid: string, interaction: string): void {
    this.detach(socket);
    socket.data.uid = uid;
    socket.data.interaction = interaction;
    void socket.join(rasaRoom(interaction));
  }

  private detach(socket: RasaSocket): void {
    if (socket.data.interaction !== undefined) void socket.leave(rasaRoom(socket.data.interaction));
    socket.data.uid = undefined;
    socket.data.interaction = undefined;
    socket.data.pending = undefined;
  }
}
