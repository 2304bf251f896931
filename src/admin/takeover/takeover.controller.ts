import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ValidBody } from '../../common/input.pipe.js';
import type { StoredReply, TranscriptEntry } from '../../interactions/model/interaction.model.js';
import { TakeoverService } from '../../interactions/takeover/takeover.service.js';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { OPERATOR_MESSAGE_SCHEMA, RELEASE_SCHEMA } from './takeover.schema.js';

/** A person in an interaction: take it over, write to its user, hand it back. Each answers the turn's reply. */
@Controller('admin/interactions')
@UseGuards(AdminTokenGuard)
export class TakeoverController {
  constructor(private readonly takeovers: TakeoverService) {}

  /** The whole transcript, both sides (what the console shows of an interaction). */
  @Get(':id/transcript')
  transcript(@Param('id') id: string): Promise<TranscriptEntry[]> {
    return this.takeovers.transcript(id);
  }

  @Post(':id/takeover')
  @HttpCode(200)
  takeover(@Param('id') id: string): Promise<StoredReply> {
    return this.takeovers.takeover(id);
  }

  @Post(':id/operator-messages')
  @HttpCode(200)
  say(
    @Param('id') id: string,
    @ValidBody(OPERATOR_MESSAGE_SCHEMA) body: { text: string },
  ): Promise<StoredReply> {
    return this.takeovers.say(id, body.text);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(
    @Param('id') id: string,
    @ValidBody(RELEASE_SCHEMA) body: { activity?: string },
  ): Promise<StoredReply> {
    return this.takeovers.release(id, body.activity);
  }
}
