import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ValidQuery } from '../../common/input.pipe.js';
import type { Response } from 'express';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { ANALYTICS_QUERY_SCHEMA, type AnalyticsQuery } from './analytics-query.schema.js';
import { analyticsCsv } from './analytics.csv.js';
import type { Analytics } from './analytics.model.js';
import { AnalyticsService } from './analytics.service.js';

@Controller('admin/processes')
@UseGuards(AdminTokenGuard)
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** Per activity and for the process: reached, waiting, moved on, abandoned, time spent, refusals and failures. */
  @Get(':name/analytics')
  async get(
    @Param('name') name: string,
    @ValidQuery(ANALYTICS_QUERY_SCHEMA) query: AnalyticsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Analytics | string> {
    const analytics = await this.analytics.of(name, query);
    if (query.format !== 'csv') return analytics;
    response.type('text/csv');
    response.attachment(`${analytics.process}-analytics.csv`);
    return analyticsCsv(analytics);
  }
}
