import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken } from '../auth/credentials.js';
import { Settings } from '../settings/settings.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`; without ADMIN_TOKEN set they are all 403. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly settings: Settings) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.settings.ADMIN_TOKEN;
    if (expected === undefined)
      throw new ForbiddenException('the admin API is off: set ADMIN_TOKEN to use it');
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const given = bearerToken(header);
    if (given === undefined)
      throw new UnauthorizedException(
        'send the admin token as "Authorization: Bearer <ADMIN_TOKEN>"',
      );
    // Compare digests of equal length in constant time, so the comparison does not leak the token.
    if (!timingSafeEqual(digest(given), digest(expected)))
      throw new ForbiddenException('the admin token is wrong');
    return true;
  }
}
