import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { httpBody } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { JsonObject } from '../../engine/index.js';
import { referenceErrorFrame } from '../reference-error-frame.js';
import { readSession } from './reference-session.js';

/**
 * Errors of the original's REST endpoints: our error body, plus what a reply carries (`utterance`, and the
 * `payload` of the session's last reply), so that a page that shows every answer keeps its state.
 */
@Catch()
export class ReferenceRestErrorFilter implements ExceptionFilter {
  constructor(private readonly pipeline: ConversationPipeline) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const error = this.pipeline.fail(exception);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const payload = await this.payloadOf(http.getRequest<Request>());
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response
      .status(error.status)
      .json({ ...httpBody(error), ...referenceErrorFrame(error, payload) });
  }

  private async payloadOf(request: Request): Promise<JsonObject> {
    if (request.path !== '/event') return {};
    try {
      return await this.pipeline.lastPayload(readSession(request));
    } catch {
      return {};
    }
  }
}
