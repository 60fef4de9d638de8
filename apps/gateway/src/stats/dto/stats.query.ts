import type { StatsWindow } from '@switchyard/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { STATS_WINDOWS } from '../stats-window';

/** `GET /api/stats` and `/api/stats/stream` query. */
export class StatsQuery {
  @IsOptional()
  @IsIn(STATS_WINDOWS, { message: `window must be one of: ${STATS_WINDOWS.join(', ')}` })
  window?: StatsWindow;
}
