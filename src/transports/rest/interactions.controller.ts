import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { ApiInputBody, ValidBody, ValidQuery } from '../../common/input.pipe.js';
import { MESSAGE_SCHEMA } from '../../interactions/dto/message.schema.js';
import {
  START_INTERACTION_SCHEMA,
  type StartInteraction,
} from '../../interactions/dto/start-interaction.schema.js';
import {
  TRANSCRIPT_QUERY_SCHEMA,
  type TranscriptQuery,
} from '../../interactions/dto/transcript-query.schema.js';
import type { InteractionView } from '../../interactions/interaction.view.js';
import {
  InteractionsService,
  type StartedInteraction,
} from '../../interactions/interactions.service.js';
import type { StoredReply, TranscriptEntry } from '../../interactions/model/interaction.model.js';
import { restCaller } from './rest-caller.js';

/** The Interactions REST API: each route frames one call of the ConversationPipeline (reads: the service). */
@Controller('interactions')
export class InteractionsController {
  constructor(
    private readonly pipeline: ConversationPipeline,
    private readonly interactions: InteractionsService,
  ) {}

  @Post()
  async start(
    @ValidBody(START_INTERACTION_SCHEMA) body: StartInteraction,
    @Req() request: Request,
  ): Promise<StartedInteraction> {
    const started = await this.pipeline.start({ ...restCaller(request), process: body.process });
    const { uid, interaction, process } = started.session;
    return { interaction, uid, process, reply: started.welcome };
  }

  @Post(':id/messages')
  @HttpCode(200)
  // The pipeline checks the message against its schema, as it does for the sockets' messages.
  @ApiInputBody(MESSAGE_SCHEMA)
  send(
    @Param('id') id: string,
    @Req() request: Request,
    @Body() body: unknown,
  ): Promise<StoredReply> {
    return this.pipeline.send(restCaller(request), id, () => body);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() request: Request): Promise<InteractionView> {
    return this.interactions.get(id, await this.pipeline.requireUid(restCaller(request)));
  }

  @Get(':id/messages')
  async transcript(
    @Param('id') id: string,
    @Req() request: Request,
    @ValidQuery(TRANSCRIPT_QUERY_SCHEMA) query: TranscriptQuery,
  ): Promise<TranscriptEntry[]> {
    const uid = await this.pipeline.requireUid(restCaller(request));
    return this.interactions.transcript(id, uid, query.after ?? 0);
  }
}
