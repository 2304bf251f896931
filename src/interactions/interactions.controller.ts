import { RateLimitGuard, RateLimited } from '../limits/rate-limit.guard.js';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { StoredReply, TranscriptEntry } from './model/interaction.model.js';
import { CallerGuard, CallerUid, OptionalCallerUid } from '../auth/caller.guard.js';
import { MessageDto, toInput } from './dto/message.dto.js';
import { StartInteractionDto } from './dto/start-interaction.dto.js';
import { TranscriptQueryDto } from './dto/transcript-query.dto.js';
import type { InteractionView } from './interaction.view.js';
import { InteractionsService, type StartedInteraction } from './interactions.service.js';

/** The Interactions REST API: each route is one call of the InteractionsService. */
@Controller('interactions')
@UseGuards(CallerGuard, RateLimitGuard)
export class InteractionsController {
  constructor(private readonly interactions: InteractionsService) {}

  @Post()
  @RateLimited('connection')
  start(
    @Body() body: StartInteractionDto,
    @OptionalCallerUid() uid?: string,
  ): Promise<StartedInteraction> {
    // The guard has read body.uid as the claimed uid (and ignored it in JWT mode).
    return this.interactions.start(uid, body.process);
  }

  @Post(':id/messages')
  @HttpCode(200)
  @RateLimited('message')
  send(
    @Param('id') id: string,
    @CallerUid() uid: string,
    @Body() message: MessageDto,
  ): Promise<StoredReply> {
    return this.interactions.handle(id, uid, toInput(message), message.id ?? null);
  }

  @Get(':id')
  get(@Param('id') id: string, @CallerUid() uid: string): Promise<InteractionView> {
    return this.interactions.get(id, uid);
  }

  @Get(':id/messages')
  transcript(
    @Param('id') id: string,
    @CallerUid() uid: string,
    @Query() query: TranscriptQueryDto,
  ): Promise<TranscriptEntry[]> {
    return this.interactions.transcript(id, uid, query.after ?? 0);
  }
}
