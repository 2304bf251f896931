import { Module } from '@nestjs/common';
import { ProcessEngine } from './process-engine.service.js';

@Module({
  providers: [ProcessEngine],
  exports: [ProcessEngine],
})
export class ProcessesModule {}
