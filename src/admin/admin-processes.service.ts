import { Injectable } from '@nestjs/common';
import type { Activity, NluExplanation } from '../engine/index.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import { diagramNodeIds, processDiagram } from '../processes/process-diagram.js';
import { ProcessEngine } from '../processes/process-engine.service.js';

export interface ProcessSummary {
  name: string;
  version: string;
  /** The number of the version new interactions start on. */
  versionNumber: number | null;
  default: boolean;
  activities: number;
  nlu: string;
  folder: string;
  warnings: readonly string[];
}

export interface ProcessDetail extends ProcessSummary {
  first: string;
  activityList: Activity[];
  kbKeys: string[];
  /** The process as a Mermaid flowchart. */
  diagram: string;
  /** The Mermaid node id of each activity. */
  diagramNodes: Record<string, string>;
}

@Injectable()
export class AdminProcessesService {
  constructor(private readonly registry: ProcessEngine) {}

  list(): ProcessSummary[] {
    return this.registry.list().map((p) => this.summary(p));
  }

  get(name: string): ProcessDetail {
    const process = this.registry.get(name);
    const { definition } = process;
    return {
      ...this.summary(process),
      first: definition.first,
      activityList: [...definition.activities.values()],
      kbKeys: Object.keys(process.kb),
      diagram: processDiagram(definition),
      diagramNodes: diagramNodeIds(definition),
    };
  }

  parse(name: string, text: string): Promise<NluExplanation> {
    return this.registry.get(name).nlu.explain(text.trimEnd());
  }

  async reload(): Promise<ProcessSummary[]> {
    await this.registry.reload();
    return this.list();
  }

  private summary(process: LoadedProcess): ProcessSummary {
    return {
      name: process.name,
      version: process.version,
      versionNumber: this.registry.catalog.numberOf(process) ?? null,
      default: process.name === this.registry.defaultName,
      activities: process.definition.activities.size,
      nlu: process.nlu.kind,
      folder: process.files.folder,
      warnings: process.warnings,
    };
  }
}
