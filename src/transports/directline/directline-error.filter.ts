import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { httpBody } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';

/**
 * Direct Line's errors: our error body, plus Direct Line's `{"error": {code, message}}`. A refused
 * token is 403, as Direct Line answers it: botframework-directlinejs takes 403 as "get a new token".
 */
@Catch()
export class DirectLineErrorFilter implements ExceptionFilter {
  constructor(private readonly pipeline: ConversationPipeline) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.pipeline.fail(exception);
    const status = error.code === 'AUTH_INVALID' ? 403 : error.status;
    const response = host.switchToHttp().getResponse<Response>();
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(status).json({
      ...httpBody({ ...error, status }),
      error: { code: error.code, message: error.message },
    });
  }
}
