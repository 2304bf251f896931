import type { Request } from 'express';
import { bearerToken, UID_PATTERN } from '../../auth/credentials.js';
import { BadMessageError } from '../../common/client-errors.js';
import type { Caller } from '../../conversation/conversation.types.js';

/**
 * Who an HTTP request says it is: its bearer token, and the uid it claims in X-User-Id, the uid query parameter
 * or the body's uid. `request.ip` is the client's address as ClientAddress decides it (app.factory sets
 * Express's `trust proxy` to the same function).
 */
export function restCaller(request: Request): Caller {
  const body = request.body as { uid?: unknown } | undefined;
  const candidates = [request.headers['x-user-id'], request.query.uid, body?.uid];
  const claimed = candidates.find((c): c is string => typeof c === 'string' && c !== '');
  if (claimed !== undefined && !UID_PATTERN.test(claimed))
    throw new BadMessageError('the uid must be 1 to 200 printable characters');
  return {
    transport: 'rest',
    address: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    token: bearerToken(request.headers.authorization),
    claimedUid: claimed,
  };
}
