import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionsController } from './interactions.controller.js';
import { InteractionsService } from './interactions.service.js';
import { ReplyBus } from './reply-bus.js';

@Module({
  imports: [PersistenceModule, ProcessesModule],
  controllers: [InteractionsController],
  providers: [InteractionsService, ReplyBus],
  exports: [InteractionsService, ReplyBus],
})
export class InteractionsModule {}
