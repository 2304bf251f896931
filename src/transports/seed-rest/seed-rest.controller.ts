import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MessageDto, toInput } from '../../interactions/dto/message.dto.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import type { StoredReply } from '../../persistence/interaction.records.js';
import { SeedInitDto } from './seed-init.dto.js';
import { readSession, writeSession } from './seed-session.js';

/** The reference backend's REST endpoints, so that its clients keep working unchanged. */
@Controller()
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
  async init(
    @Body() body: SeedInitDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredReply> {
    const started = await this.interactions.start(body.uid, body.process);
    writeSession(response, { uid: started.uid, interaction: started.interaction });
    return started.reply;
  }

  /** One message of the session's interaction. */
  @Post('event')
  @HttpCode(200)
  event(@Req() request: Request, @Body() message: MessageDto): Promise<StoredReply> {
    const { uid, interaction } = readSession(request);
    return this.interactions.handle(interaction, uid, toInput(message), message.id ?? null);
  }
}
