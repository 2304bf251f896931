import { Controller, Get } from '@nestjs/common';
import { ProcessEngine } from '../processes/process-engine.service.js';

@Controller('health')
export class HealthController {
  constructor(private readonly engine: ProcessEngine) {}

  /** Liveness: the server answers and its processes are loaded. */
  @Get()
  check(): { status: 'ok'; processes: string[] } {
    return { status: 'ok', processes: this.engine.list().map((p) => p.name) };
  }
}
