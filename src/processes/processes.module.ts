import { Module } from '@nestjs/common';
import { ProcessRegistry } from './process-registry.service.js';
import { ProcessesController } from './processes.controller.js';

@Module({
  controllers: [ProcessesController],
  providers: [ProcessRegistry],
  exports: [ProcessRegistry],
})
export class ProcessesModule {}
