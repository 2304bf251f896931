import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTPayload, SignJWT } from 'jose';
import { AuthInvalidError } from '../auth/auth-errors.js';
import { Settings } from '../settings/settings.js';

/**
 * Signs and checks what the widget protocols hand to browsers: Rasa session ids and Direct Line tokens.
 * The key derives from SESSION_SECRET (so that several servers, and a restarted one, accept each other's),
 * with a label of its own so that a widget token is never a valid session cookie; random per boot without it.
 */
@Injectable()
export class WidgetKeys {
  private readonly key: Uint8Array;

  constructor(settings: Settings) {
    this.key =
      settings.SESSION_SECRET === undefined
        ? randomBytes(32)
        : createHmac('sha256', settings.SESSION_SECRET).update('mmcc widget tokens').digest();
  }

  /** A compact HS256 JWS of the claims, of the given kind (`typ`), expiring after `ttlSeconds` if given. */
  sign(kind: string, claims: JWTPayload, ttlSeconds?: number): Promise<string> {
    const jwt = new SignJWT({ ...claims, kind }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
    if (ttlSeconds !== undefined) jwt.setExpirationTime(`${ttlSeconds}s`);
    return jwt.sign(this.key);
  }

  /** The claims of a token of that kind signed here; AuthInvalidError (saying why) for anything else. */
  async verify(kind: string, token: string, what: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (payload.kind !== kind) throw new AuthInvalidError(`it is not a ${what}`);
      return payload;
    } catch (error) {
      if (error instanceof AuthInvalidError) throw error;
      if (error instanceof errors.JWTExpired)
        throw new AuthInvalidError(`the ${what} has expired; get a new one`);
      throw new AuthInvalidError(`it is not a ${what} issued by this server`);
    }
  }
}
