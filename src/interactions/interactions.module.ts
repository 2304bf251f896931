import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionMigrations } from './interaction-migrations.service.js';
import { InteractionsService } from './interactions.service.js';
import { ReplyBus } from './reply-bus.js';

@Module({
  imports: [ProcessesModule],
  providers: [InteractionsService, ReplyBus, InteractionMigrations],
  exports: [InteractionsService, ReplyBus, InteractionMigrations],
})
export class InteractionsModule {}
