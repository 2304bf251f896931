import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { Settings } from '../settings/settings.js';
import { BadMessageError } from '../common/client-errors.js';
import { AuthInvalidError, AuthRequiredError } from './auth-errors.js';
import { UID_PATTERN } from './credentials.js';

/** What a client presents: a token, and/or the uid it claims. */
export interface Credentials {
  readonly token?: string;
  readonly claimedUid?: string;
}

/**
 * The one place that decides who a caller is, for every transport. With AUTH_JWT_SECRET or AUTH_JWKS_URL
 * set, the uid is the verified `sub` of the caller's JWT and a claimed uid is ignored; otherwise the
 * claimed uid is taken as it is (the reference's mode).
 */
@Injectable()
export class IdentityService {
  private readonly key: Uint8Array | JWTVerifyGetKey | undefined;

  constructor(private readonly settings: Settings) {
    if (settings.AUTH_JWT_SECRET !== undefined)
      this.key = new TextEncoder().encode(settings.AUTH_JWT_SECRET);
    else if (settings.AUTH_JWKS_URL !== undefined)
      this.key = createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL));
  }

  get mode(): 'jwt' | 'claimed' {
    return this.key === undefined ? 'claimed' : 'jwt';
  }

  /**
   * In JWT mode, when the caller's JWT expires (seconds since the epoch), for what is issued on it (Direct Line
   * tokens); read from a token that uidOf has verified. Undefined in claimed mode or without `exp`.
   */
  expiryOf(credentials: Credentials): number | undefined {
    if (this.key === undefined || credentials.token === undefined) return undefined;
    const { exp } = decodeJwt(credentials.token);
    return typeof exp === 'number' ? exp : undefined;
  }

  /** The caller's uid: undefined only in claimed mode when none was claimed. */
  async uidOf(credentials: Credentials): Promise<string | undefined> {
    if (this.key === undefined) return credentials.claimedUid;
    if (credentials.token === undefined || credentials.token === '') throw new AuthRequiredError();
    try {
      const { payload } = await jwtVerify(credentials.token, this.key as Uint8Array, {
        algorithms: typeof this.key === 'function' ? undefined : ['HS256'],
        issuer: this.settings.AUTH_ISSUER,
        audience: this.settings.AUTH_AUDIENCE,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '')
        throw new AuthInvalidError('it has no subject ("sub"), which is the uid');
      if (!UID_PATTERN.test(payload.sub))
        throw new BadMessageError(
          'the token\'s subject ("sub") is the uid: it must be 1 to 200 printable characters',
        );
      return payload.sub;
    } catch (error) {
      if (error instanceof AuthInvalidError || error instanceof BadMessageError) throw error;
      throw new AuthInvalidError(reason(error));
    }
  }
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature is not valid';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `its "${error.claim}" claim is not accepted`;
  if (error instanceof errors.JOSEError) return `it is not a valid token (${error.code})`;
  return 'it could not be verified';
}
