import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionMigrations } from './interaction-migrations.service.js';
import { InteractionsService } from './interactions.service.js';
import { ReplyBus } from './reply-bus.js';

@Module({
  imports: [PersistenceModule, ProcessesModule],
  providers: [InteractionsService, ReplyBus, InteractionMigrations],
  exports: [InteractionsService, ReplyBus, InteractionMigrations],
})
export class InteractionsModule {}
