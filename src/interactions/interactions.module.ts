import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionMigrations } from './interaction-migrations.service.js';
import { InteractionsService } from './interactions.service.js';
import { InteractionClosures } from './interaction-closures.js';
import { ReplyBus } from './reply-bus.js';
import { StepFailures } from './step-failures.js';
import { TakeoverService } from './takeover/takeover.service.js';

@Module({
  imports: [ProcessesModule],
  providers: [
    InteractionsService,
    ReplyBus,
    InteractionMigrations,
    StepFailures,
    InteractionClosures,
    TakeoverService,
  ],
  exports: [
    InteractionsService,
    ReplyBus,
    InteractionMigrations,
    StepFailures,
    InteractionClosures,
    TakeoverService,
  ],
})
export class InteractionsModule {}
