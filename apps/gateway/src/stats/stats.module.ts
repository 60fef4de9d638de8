import { Module } from '@nestjs/common';
import { StatsClock } from './stats-clock';
import { StatsRollupJob } from './stats-rollup.job';
import { StatsStreams } from './stats-stream.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** Usage statistics: hourly rollups of the request log, kept current by a job, read by the admin API. */
@Module({
  controllers: [StatsController],
  providers: [StatsClock, StatsService, StatsStreams, StatsRollupJob],
  exports: [StatsRollupJob],
})
export class StatsModule {}
