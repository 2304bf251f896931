import {
  All,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { bearerToken } from '../../auth/credentials.js';
import { AppError } from '../../common/app-error.js';
import { BadMessageError } from '../../common/client-errors.js';
import type { Caller } from '../../conversation/conversation.types.js';
import { type ActivitySet, parseWatermark } from './directline-activities.js';
import { DirectLineConversations } from './directline-conversations.js';
import { DirectLineErrorFilter } from './directline-error.filter.js';
import { clientIp, parseGenerate, streamUrl } from './directline-requests.js';
import { DirectLineTokens, type IssuedToken } from './directline-tokens.js';

/** A part of Direct Line 3.0 this server does not implement. */
class NotImplementedError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(
      `${what} is not part of the Direct Line 3.0 this server implements (tokens, conversations, activities, stream; see docs/protocol.md)`,
    );
  }
}

const token = (request: Request) => bearerToken(request.headers.authorization);

/** Bot Framework Direct Line 3.0, as Web Chat (botframework-directlinejs) calls it, over our interactions. */
@ApiExcludeController()
@Controller('v3/directline')
@UseFilters(DirectLineErrorFilter)
export class DirectLineController {
  constructor(
    private readonly conversations: DirectLineConversations,
    private readonly tokens: DirectLineTokens,
  ) {}

  /** A token for a new conversation, or for an existing one of the user (`conversationId`). */
  @Post('tokens/generate')
  @HttpCode(200)
  async generate(@Req() request: Request, @Body() body: unknown): Promise<IssuedToken> {
    const asked = parseGenerate(body);
    const caller: Caller = {
      transport: 'directline',
      address: clientIp(request),
      token: token(request),
      claimedUid: asked.userId ?? request.header('x-user-id'),
    };
    return asked.conversationId === undefined
      ? this.conversations.start(caller, asked.process)
      : this.conversations.reopen(caller, asked.conversationId);
  }

  @Post('tokens/refresh')
  @HttpCode(200)
  async refresh(@Req() request: Request): Promise<IssuedToken> {
    return this.tokens.issue(await this.tokens.verify(token(request)));
  }

  /** Starts the token's conversation: it already exists (the token made it), with its welcome. */
  @Post('conversations')
  @HttpCode(201)
  async start(@Req() request: Request): Promise<IssuedToken & { streamUrl: string }> {
    const issued = await this.conversations.reissue(await this.tokens.verify(token(request)));
    return { ...issued, streamUrl: streamUrl(request, issued.conversationId, issued.token, 0) };
  }

  /** Reconnects: a fresh token, and a stream that starts after the watermark. */
  @Get('conversations/:id')
  async reconnect(
    @Req() request: Request,
    @Param('id') id: string,
    @Query('watermark') watermark: unknown,
  ): Promise<IssuedToken & { streamUrl: string }> {
    const after = parseWatermark(watermark);
    const issued = await this.conversations.reissue(await this.tokens.verify(token(request), id));
    return { ...issued, streamUrl: streamUrl(request, id, issued.token, after) };
  }

  @Post('conversations/:id/activities')
  @HttpCode(200)
  async post(
    @Req() request: Request,
    @Param('id') id: string,
    @Body() activity: unknown,
  ): Promise<{ id: string }> {
    const claims = await this.tokens.verify(token(request), id);
    return this.conversations.post(claims, activity, clientIp(request));
  }

  @Get('conversations/:id/activities')
  async activities(
    @Req() request: Request,
    @Param('id') id: string,
    @Query('watermark') watermark: unknown,
  ): Promise<ActivitySet> {
    const after = parseWatermark(watermark);
    return this.conversations.activitiesAfter(await this.tokens.verify(token(request), id), after);
  }

  @Post('conversations/:id/upload')
  upload(): never {
    throw new BadMessageError(
      'uploading attachments is not implemented by this server: send text, or a card action value',
    );
  }

  @All('*path')
  other(@Req() request: Request): never {
    throw new NotImplementedError(`${request.method} ${request.path}`);
  }
}
