import { Injectable } from '@nestjs/common';
import type { StatsResponse, StatsWindow } from '@switchyard/contracts';
import { DataSource } from 'typeorm';
import { floorHour } from './rollup';
import { StatsClock } from './stats-clock';
import { BucketRow, toStatsResponse, TopRow } from './stats-mapper';
import { RAW_SERIES_SQL, ROLLUP_SERIES_SQL, TOP_MODELS_SQL, TOP_USERS_SQL } from './stats-sql';
import { windowGeometry } from './stats-window';

/**
 * Statistics of a window: completed hours come from the rollups (a few hundred small rows, whatever
 * the log volume), hours the rollup job has not reached yet — at least the current one — from raw
 * request_logs rows, so a call counts within a second of its log row being written.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: StatsClock,
  ) {}

  async get(window: StatsWindow): Promise<StatsResponse> {
    const now = this.clock.now();
    const geometry = windowGeometry(window, now);
    const { start, end, bucketSeconds } = geometry;
    const rawFrom = geometry.rawOnly ? start : await this.rollupEnd(start, now);
    const [rolled, raw, topUsers, topModels] = await Promise.all([
      rawFrom > start ? this.dataSource.query<BucketRow[]>(ROLLUP_SERIES_SQL, [start, rawFrom, bucketSeconds]) : [],
      this.dataSource.query<BucketRow[]>(RAW_SERIES_SQL, [rawFrom, end, bucketSeconds]),
      this.dataSource.query<TopRow[]>(TOP_USERS_SQL, [start, rawFrom, rawFrom, end]),
      this.dataSource.query<TopRow[]>(TOP_MODELS_SQL, [start, rawFrom, rawFrom, end]),
    ]);
    return toStatsResponse(geometry, now, [...rolled, ...raw], topUsers, topModels);
  }

  /** Where rollups stop serving the window: the rollup watermark, never past the current hour. */
  private async rollupEnd(start: Date, now: Date): Promise<Date> {
    const rows = await this.dataSource.query<{ rolled_until: Date }[]>('SELECT rolled_until FROM stats_rollup_state WHERE id = 1');
    const rolledUntil = rows[0]?.rolled_until.getTime() ?? start.getTime();
    return new Date(Math.max(start.getTime(), Math.min(rolledUntil, floorHour(now).getTime())));
  }
}
