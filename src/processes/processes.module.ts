import { Module } from '@nestjs/common';
import { ProcessEngine } from './process-engine.service.js';
import { ProcessesController } from './processes.controller.js';

@Module({
  controllers: [ProcessesController],
  providers: [ProcessEngine],
  exports: [ProcessEngine],
})
export class ProcessesModule {}
