import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import { BadMessageError } from '../common/client-errors.js';
import { UidRequiredError } from '../interactions/interaction-errors.js';
import { IdentityService } from './identity.service.js';

/** A uid is 1 to 200 printable characters. */
export const UID_PATTERN = /^[^\p{Cc}]{1,200}$/u;

type CallerRequest = Request & { callerUid?: string };

/** The bearer token of an Authorization header, if any. */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^Bearer (.+)$/i.exec(header ?? '')?.[1];

/**
 * Finds out who an HTTP caller is, before the handler runs: the verified token's subject in JWT mode,
 * otherwise the uid claimed in X-User-Id, the uid query parameter or the body's uid.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(private readonly identity: IdentityService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const body = request.body as { uid?: unknown } | undefined;
    const candidates = [request.headers['x-user-id'], request.query.uid, body?.uid];
    const claimed = candidates.find((c): c is string => typeof c === 'string' && c !== '');
    if (claimed !== undefined && !UID_PATTERN.test(claimed))
      throw new BadMessageError('the uid must be 1 to 200 printable characters');
    request.callerUid = await this.identity.uidOf({
      token: bearerToken(request.headers.authorization),
      claimedUid: claimed,
    });
    return true;
  }
}

/** The caller's uid (CallerGuard must run first); a request without one is refused with UID_REQUIRED. */
export const CallerUid = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const uid = context.switchToHttp().getRequest<CallerRequest>().callerUid;
  if (uid === undefined) throw new UidRequiredError();
  return uid;
});

/** The caller's uid when it has one. */
export const OptionalCallerUid = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<CallerRequest>().callerUid,
);
