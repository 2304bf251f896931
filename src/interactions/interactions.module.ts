import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionsService } from './interactions.service.js';
import { InteractionClosures } from './interaction-closures.js';
import { ReplyBus } from './reply-bus.js';
import { StepFailures } from './step-failures.js';

@Module({
  imports: [PersistenceModule, ProcessesModule],
  providers: [InteractionsService, ReplyBus, StepFailures, InteractionClosures],
  exports: [InteractionsService, ReplyBus, StepFailures, InteractionClosures],
})
export class InteractionsModule {}
