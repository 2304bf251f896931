import { Module } from '@nestjs/common';
import { BpmnViewerController } from './bpmn-viewer.controller.js';
import { ProcessEngine } from './process-engine.service.js';
import { ProcessesController } from './processes.controller.js';

@Module({
  controllers: [ProcessesController, BpmnViewerController],
  providers: [ProcessEngine],
  exports: [ProcessEngine],
})
export class ProcessesModule {}
