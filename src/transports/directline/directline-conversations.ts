import { Injectable } from '@nestjs/common';
import { IdentityService } from '../../auth/identity.service.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { Caller } from '../../conversation/conversation.types.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import {
  type ActivitySet,
  activitiesOf,
  type Conversation,
  toPosted,
} from './directline-activities.js';
import { DirectLineTokens, type IssuedToken, type TokenClaims } from './directline-tokens.js';

/**
 * Direct Line conversations as calls of the ConversationPipeline: a conversation is an interaction,
 * its activity list is the transcript (read from the InteractionsService, as the Interactions API reads
 * it), and a posted message activity is one message received into a reply.
 */
@Injectable()
export class DirectLineConversations {
  constructor(
    private readonly pipeline: ConversationPipeline,
    private readonly interactions: InteractionsService,
    private readonly tokens: DirectLineTokens,
    private readonly identity: IdentityService,
  ) {}

  /** A new conversation (an interaction of the process, the default one without) and its token. */
  async start(caller: Caller, process: string | undefined): Promise<IssuedToken> {
    const { session } = await this.pipeline.start({ ...caller, process });
    const until = this.identity.expiryOf(caller);
    return this.tokens.issue({ uid: session.uid, conversationId: session.interaction, until });
  }

  /** A token for an existing conversation of the caller (after a reload, once the old token expired). */
  async reopen(caller: Caller, conversationId: string): Promise<IssuedToken> {
    const { session } = await this.pipeline.resume({ ...caller, interaction: conversationId });
    const until = this.identity.expiryOf(caller);
    return this.tokens.issue({ uid: session.uid, conversationId, until });
  }

  /** A fresh token for the conversation of a valid token (which must still exist). */
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
  async post(claims: TokenClaims, body: unknown, address: string): Promise<{ id: string }> {
    const posted = toPosted(body);
    const { conversationId: id, uid } = claims;
    if (posted.kind === 'typing') return { id: `${id}|typing` };
    // The token says whose conversation it is: the caller is attached to it.
    const attached = { transport: 'directline' as const, address, uid, interaction: id };
    const { reply } = await this.pipeline.receive(attached, () => posted.message);
    return { id: `${id}|${reply.seq}.user` };
  }
}
