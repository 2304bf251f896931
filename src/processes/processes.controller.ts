import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { IdentityService } from '../auth/identity.service.js';
import { ValidQuery } from '../common/input.pipe.js';
import { BPMN_QUERY_SCHEMA, type BpmnQuery } from './bpmn-query.schema.js';
import type { Activity } from '../engine/index.js';
import { diagramNodeIds, processDiagram } from './process-diagram.js';
import { ProcessEngine } from './process-engine.service.js';
import { processBpmn } from './process-bpmn.js';

export interface PublicProcesses {
  default: string;
  /** How clients prove who they are: a JWT, or a uid they choose. */
  auth: 'jwt' | 'claimed';
  processes: { name: string; activities: number }[];
}

export interface PublicProcess {
  name: string;
  first: string;
  activities: Activity[];
  /** The process as a Mermaid flowchart, and the node id of each activity in it. */
  diagram: string;
  diagramNodes: Record<string, string>;
}

/** What a frontend (the playground) may know of the live processes: their shape, never their kb or code. */
@Controller('processes')
export class ProcessesController {
  constructor(
    private readonly registry: ProcessEngine,
    private readonly identity: IdentityService,
  ) {}

  @Get()
  list(): PublicProcesses {
    return {
      default: this.registry.defaultName,
      auth: this.identity.mode,
      processes: this.registry
        .list()
        .map((p) => ({ name: p.name, activities: p.definition.activities.size })),
    };
  }

  @Get(':name')
  get(@Param('name') name: string): PublicProcess {
    const { definition } = this.registry.get(name);
    return {
      name,
      first: definition.first,
      activities: [...definition.activities.values()],
      diagram: processDiagram(definition),
      diagramNodes: diagramNodeIds(definition),
    };
  }

  /**
   * The process (its current version, or `?version=`) as BPMN 2.0 XML with its diagram: opens in any BPMN
   * modeler, loads back as process.bpmn.
   */
  @Get(':name/bpmn')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiProduces('application/xml')
  async bpmn(
    @Param('name') name: string,
    @ValidQuery(BPMN_QUERY_SCHEMA) { version }: BpmnQuery,
  ): Promise<string> {
    if (version === undefined) return processBpmn(this.registry.get(name));
    const stored = await this.registry.storedVersion(name, version);
    return processBpmn(await this.registry.version(name, stored.hash));
  }
}
