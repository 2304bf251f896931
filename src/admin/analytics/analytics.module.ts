import { Module } from '@nestjs/common';
import { InteractionsModule } from '../../interactions/interactions.module.js';
import { ProcessesModule } from '../../processes/processes.module.js';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';

/** Process analytics from the turn log (GET /admin/processes/:name/analytics). */
@Module({
  imports: [InteractionsModule, ProcessesModule],
  controllers: [AnalyticsController],
  providers: [AdminTokenGuard, AnalyticsRepository, AnalyticsService],
})
export class AnalyticsModule {}
