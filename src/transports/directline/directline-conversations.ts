import { Injectable } from '@nestjs/common';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { RateLimitService } from '../../limits/rate-limit.service.js';
import { Settings } from '../../settings/settings.js';
import { parseMessage } from '../parse-message.js';
import {
  type ActivitySet,
  activitiesOf,
  type Conversation,
  toPosted,
} from './directline-activities.js';
import { DirectLineTokens, type IssuedToken, type TokenClaims } from './directline-tokens.js';

/**
 * Direct Line conversations over our interactions: a conversation is an interaction, its activity
 * list is the transcript, and a posted message activity is one turn.
 */
@Injectable()
export class DirectLineConversations {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly tokens: DirectLineTokens,
    private readonly limits: RateLimitService,
    private readonly settings: Settings,
  ) {}

  /** A new conversation (an interaction of the process, the default one without) and its token. */
  async start(
    uid: string | undefined,
    process: string | undefined,
    ip: string,
  ): Promise<IssuedToken> {
    await this.limits.admitConnection(uid, ip);
    const started = await this.interactions.start(uid, process);
    return this.tokens.issue({ uid: started.uid, conversationId: started.interaction });
  }

  /** A token for an existing conversation of the uid (after a reload, once the old token expired). */
  async reissue(claims: TokenClaims): Promise<IssuedToken> {
    await this.interactions.get(claims.conversationId, claims.uid);
    return this.tokens.issue(claims);
  }

  /** The activities of the turns after the watermark. */
  async activitiesAfter(claims: TokenClaims, watermark: number): Promise<ActivitySet> {
    const { conversationId: id, uid } = claims;
    const view = await this.interactions.get(id, uid);
    // One turn more, for the buttons a click after the watermark came from.
    const entries = await this.interactions.transcript(id, uid, Math.max(0, watermark - 1));
    const previous = entries[0]?.seq === watermark ? entries.shift() : undefined;
    const conversation: Conversation = { id, uid, process: view.process };
    const last = entries.at(-1)?.seq ?? watermark;
    return { activities: activitiesOf(entries, conversation, previous), watermark: String(last) };
  }

  /** One posted activity; answers the id of the user's message activity (typing is taken and ignored). */
  async post(claims: TokenClaims, body: unknown, ip: string): Promise<{ id: string }> {
    const posted = toPosted(body);
    const { conversationId: id, uid } = claims;
    if (posted.kind === 'typing') return { id: `${id}|typing` };
    const bytes = () => Buffer.byteLength(JSON.stringify(posted.message) ?? '');
    const { input, messageId } = await parseMessage(
      posted.message,
      bytes,
      this.settings.MAX_BODY_BYTES,
    );
    await this.limits.admitMessage(uid, ip);
    const reply = await this.interactions.handle(id, uid, input, messageId);
    return { id: `${id}|${reply.seq}.user` };
  }
}
