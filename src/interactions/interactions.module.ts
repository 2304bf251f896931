import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionsService } from './interactions.service.js';
import { ReplyBus } from './reply-bus.js';
import { StepFailures } from './step-failures.js';

@Module({
  imports: [PersistenceModule, ProcessesModule],
  providers: [InteractionsService, ReplyBus, StepFailures],
  exports: [InteractionsService, ReplyBus, StepFailures],
})
export class InteractionsModule {}
