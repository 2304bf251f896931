import { RateLimitGuard, RateLimited } from '../../limits/rate-limit.guard.js';
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CallerGuard, OptionalCallerUid } from '../../auth/caller.guard.js';
import { BadMessageError } from '../../common/client-errors.js';
import type { Request, Response } from 'express';
import { MessageDto, toInput } from '../../interactions/dto/message.dto.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { StartInteractionDto } from '../../interactions/dto/start-interaction.dto.js';
import { readSession, writeSession } from './seed-session.js';

/** The reference backend's REST endpoints, so that its clients keep working unchanged. */
@Controller()
@UseGuards(CallerGuard, RateLimitGuard)
export class SeedRestController {
  constructor(private readonly interactions: InteractionsService) {}

  /** A new uid, as a JSON string. */
  @Get('get_uid')
  @Header('Content-Type', 'application/json')
  getUid(): string {
    return JSON.stringify(randomUUID());
  }

  /** Starts an interaction for the uid and binds both to this client with a session cookie. */
  @Post('init')
  @HttpCode(200)
  @RateLimited('connection')
  async init(
    @Body() body: StartInteractionDto,
    @OptionalCallerUid() uid: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredReply> {
    if (uid === undefined)
      throw new BadMessageError('"uid" is required: get one from GET /get_uid');
    const started = await this.interactions.start(uid, body.process);
    writeSession(response, { uid: started.uid, interaction: started.interaction });
    return started.reply;
  }

  /** One message of the session's interaction. */
  @Post('event')
  @HttpCode(200)
  @RateLimited('message')
  event(
    @Req() request: Request,
    @OptionalCallerUid() caller: string | undefined,
    @Body() message: MessageDto,
  ): Promise<StoredReply> {
    const session = readSession(request);
    // In JWT mode the token's subject must own the session's interaction.
    return this.interactions.handle(
      session.interaction,
      caller ?? session.uid,
      toInput(message),
      message.id ?? null,
    );
  }
}
