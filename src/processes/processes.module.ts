import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { ProcessEngine } from './process-engine.service.js';
import { ProcessesController } from './processes.controller.js';

@Module({
  imports: [PersistenceModule],
  controllers: [ProcessesController],
  providers: [ProcessEngine],
  exports: [ProcessEngine],
})
export class ProcessesModule {}
