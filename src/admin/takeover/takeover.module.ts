import { Module } from '@nestjs/common';
import { InteractionsModule } from '../../interactions/interactions.module.js';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { TakeoverController } from './takeover.controller.js';

@Module({
  imports: [InteractionsModule],
  controllers: [TakeoverController],
  providers: [AdminTokenGuard],
})
export class TakeoverModule {}
