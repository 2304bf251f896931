import { AppError } from '../../common/app-error.js';
import type { Request, Response } from 'express';

/** The reference REST session lives in one signed, HTTP-only cookie: who the user is and which interaction is theirs. */
const COOKIE = 'mmcc_session';

export interface ReferenceSession {
  uid: string;
  interaction: string;
}

export class SessionRequiredError extends AppError {
  readonly code = 'SESSION_REQUIRED';
  constructor() {
    super('no session: call POST /init with your uid first, and send back the cookie it sets');
  }
}

/**
 * `Secure` whenever the client reached us over HTTPS: a TLS request, or one that a proxy trusted by
 * TRUST_PROXY forwarded with `X-Forwarded-Proto: https` (Express's `request.secure` decides both).
 */
export function writeSession(
  request: Request,
  response: Response,
  session: ReferenceSession,
): void {
  response.cookie(COOKIE, JSON.stringify(session), {
    httpOnly: true,
    signed: true,
    sameSite: 'lax',
    secure: request.secure,
    path: '/',
  });
}

export function readSession(request: Request): ReferenceSession {
  const raw: unknown = (request.signedCookies as Record<string, unknown> | undefined)?.[COOKIE];
  if (typeof raw !== 'string') throw new SessionRequiredError();
  try {
    const session = JSON.parse(raw) as Partial<ReferenceSession>;
    if (typeof session.uid === 'string' && typeof session.interaction === 'string') {
      return { uid: session.uid, interaction: session.interaction };
    }
  } catch {
    // A cookie we did not write: the same as none.
  }
  throw new SessionRequiredError();
}
