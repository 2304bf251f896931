import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { InteractionsService } from './interactions.service.js';
import { ReplyBus } from './reply-bus.js';

@Module({
  imports: [ProcessesModule],
  providers: [InteractionsService, ReplyBus],
  exports: [InteractionsService, ReplyBus],
})
export class InteractionsModule {}
