import { Injectable } from '@nestjs/common';
import { AuthInvalidError } from '../../auth/auth-errors.js';
import { AppError } from '../../common/app-error.js';
import { Settings } from '../../settings/settings.js';
import { WidgetKeys } from '../widget-keys.js';

/** Who a Direct Line token speaks for, and in which conversation (one of our interactions). */
export interface TokenClaims {
  readonly uid: string;
  readonly conversationId: string;
  /** In JWT mode: when the user's own JWT expires (seconds since the epoch); no token outlives it. */
  readonly until?: number;
}

export interface IssuedToken {
  conversationId: string;
  token: string;
  expires_in: number;
}

const KIND = 'directline';

/** A Direct Line route was called without its token. */
export class DirectLineTokenRequiredError extends AppError {
  readonly code = 'AUTH_REQUIRED';
  constructor() {
    super(
      'send the Direct Line token as "Authorization: Bearer <token>" (POST /v3/directline/tokens/generate gives one)',
    );
  }
}

/**
 * Direct Line tokens: short-lived (DIRECTLINE_TOKEN_TTL_SECONDS), signed, and bound to one uid and one
 * conversation, so that a token cannot be replayed for another conversation. `user` is the claim
 * botframework-directlinejs reads the user id from.
 */
@Injectable()
export class DirectLineTokens {
  constructor(
    private readonly keys: WidgetKeys,
    private readonly settings: Settings,
  ) {}

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const left =
      claims.until === undefined ? Infinity : claims.until - Math.floor(Date.now() / 1000);
    // Refreshing cannot stretch a sign-in: past the user's JWT, the conversation needs a new one.
    if (left <= 0)
      throw new AuthInvalidError(
        'the sign-in this conversation was opened with has expired: get a new token from /tokens/generate with a fresh JWT',
      );
    const ttl = Math.min(this.settings.DIRECTLINE_TOKEN_TTL_SECONDS, left);
    const token = await this.keys.sign(
      KIND,
      {
        sub: claims.uid,
        user: claims.uid,
        conv: claims.conversationId,
        ...(claims.until === undefined ? {} : { uexp: claims.until }),
      },
      ttl,
    );
    return { conversationId: claims.conversationId, token, expires_in: ttl };
  }

  /** The claims of a bearer token; for a route of a conversation, the token must be for it. */
  async verify(token: string | undefined, conversationId?: string): Promise<TokenClaims> {
    if (token === undefined || token === '') throw new DirectLineTokenRequiredError();
    const claims = await this.keys.verify(KIND, token, 'Direct Line token');
    if (typeof claims.sub !== 'string' || typeof claims.conv !== 'string')
      throw new AuthInvalidError('it is not a Direct Line token issued by this server');
    if (conversationId !== undefined && claims.conv !== conversationId)
      throw new AuthInvalidError(
        'this token is for another conversation: get one for this conversation from /tokens/generate',
      );
    const until = typeof claims.uexp === 'number' ? claims.uexp : undefined;
    return { uid: claims.sub, conversationId: claims.conv, until };
  }
}
