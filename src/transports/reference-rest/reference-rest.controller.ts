import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { BadMessageError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { ApiInputBody, ValidBody } from '../../common/input.pipe.js';
import { MESSAGE_SCHEMA } from '../../interactions/dto/message.schema.js';
import {
  START_INTERACTION_SCHEMA,
  type StartInteraction,
} from '../../interactions/dto/start-interaction.schema.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';
import { ReferenceRestErrorFilter } from './reference-rest-error.filter.js';
import { restCaller } from '../rest/rest-caller.js';
import { readSession, writeSession } from './reference-session.js';

/**
 * The reference backend's REST endpoints (the Python project this server rewrites), so that its
 * clients keep working unchanged.
 */
@Controller()
@UseFilters(ReferenceRestErrorFilter)
export class ReferenceRestController {
  constructor(private readonly pipeline: ConversationPipeline) {}

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
    @ValidBody(START_INTERACTION_SCHEMA) body: StartInteraction,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredReply> {
    const caller = restCaller(request);
    if (this.pipeline.anonymous(caller))
      throw new BadMessageError('"uid" is required: get one from GET /get_uid');
    const { session, welcome } = await this.pipeline.start({ ...caller, process: body.process });
    writeSession(request, response, { uid: session.uid, interaction: session.interaction });
    return welcome;
  }

  /** One message of the session's interaction. */
  @Post('event')
  @HttpCode(200)
  @ApiInputBody(MESSAGE_SCHEMA)
  event(@Req() request: Request, @Body() body: unknown): Promise<StoredReply> {
    const session = readSession(request);
    const caller = restCaller(request);
    // In JWT mode the token's subject must own the session's interaction; otherwise the session says who.
    const claimedUid = caller.token === undefined ? session.uid : caller.claimedUid;
    return this.pipeline.send({ ...caller, claimedUid }, session.interaction, () => body);
  }
}
