import type { JsonObject, NluExplanation } from '../engine/index.js';
import { ValidBody, ValidQuery } from '../common/input.pipe.js';
import { NLU_PARSE_SCHEMA } from './dto/nlu-parse.schema.js';
import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { UserKnowledge } from '../interactions/model/interaction.model.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import {
  type AdminInteraction,
  AdminInteractionsService,
  type InteractionPage,
} from './admin-interactions.service.js';
import {
  type ProcessDetail,
  AdminProcessesService,
  type ProcessSummary,
} from './admin-processes.service.js';
import {
  LIST_INTERACTIONS_SCHEMA,
  type ListInteractionsQuery,
} from './dto/list-interactions.schema.js';
import { MIGRATION_SCHEMA, type MigrationBody } from './dto/migration.schema.js';
import { AdminVersionsService, type VersionSummary } from './admin-versions.service.js';
import type { MigrationReport } from '../interactions/interaction-migrations.service.js';

/** What the people who run the server can see and do; every route needs the admin token. */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    private readonly processes: AdminProcessesService,
    private readonly interactions: AdminInteractionsService,
    private readonly versions: AdminVersionsService,
  ) {}

  @Get('processes')
  listProcesses(): ProcessSummary[] {
    return this.processes.list();
  }

  @Get('processes/:name')
  getProcess(@Param('name') name: string): ProcessDetail {
    return this.processes.get(name);
  }

  /** Re-reads CONFIG_DIR; a broken config is refused (422, with every problem) and the old processes stay live. */
  @Post('processes/reload')
  @HttpCode(200)
  reload(): Promise<ProcessSummary[]> {
    return this.processes.reload();
  }

  /** Every stored version: when published, how many live interactions run on it, what changed. */
  @Get('processes/:name/versions')
  listVersions(@Param('name') name: string): Promise<VersionSummary[]> {
    return this.versions.list(name);
  }

  /** Removes the versions that are not current and that no live interaction runs on. */
  @Post('processes/:name/versions/prune')
  @HttpCode(200)
  pruneVersions(@Param('name') name: string): Promise<{ removed: number[]; kept: number[] }> {
    return this.versions.prune(name);
  }

  /** Moves live interactions from one version to another (or, with dryRun, says which would move). */
  @Post('processes/:name/migrations')
  @HttpCode(200)
  migrate(
    @Param('name') name: string,
    @ValidBody(MIGRATION_SCHEMA) body: MigrationBody,
  ): Promise<MigrationReport> {
    // A version's number is text from here on, as its hash is.
    const { from, to, context } = body;
    const versions = { from: String(from), to: String(to) };
    return this.versions.migrate(name, { ...body, ...versions, context: context as JsonObject });
  }

  /** What the process's NLU makes of a text: for authors testing their training data, like Rasa's /model/parse. */
  @Post('processes/:name/nlu/parse')
  @HttpCode(200)
  parse(
    @Param('name') name: string,
    @ValidBody(NLU_PARSE_SCHEMA) body: { text: string },
  ): Promise<NluExplanation> {
    return this.processes.parse(name, body.text);
  }

  @Get('interactions')
  listInteractions(
    @ValidQuery(LIST_INTERACTIONS_SCHEMA) query: ListInteractionsQuery,
  ): Promise<InteractionPage> {
    return this.interactions.list(query);
  }

  @Get('interactions/:id')
  getInteraction(@Param('id') id: string): Promise<AdminInteraction> {
    return this.interactions.get(id);
  }

  @Delete('interactions/:id')
  @HttpCode(204)
  deleteInteraction(@Param('id') id: string): Promise<void> {
    return this.interactions.delete(id);
  }

  @Get('users/:uid/knowledge')
  knowledge(@Param('uid') uid: string): Promise<UserKnowledge[]> {
    return this.interactions.knowledge(uid);
  }
}
