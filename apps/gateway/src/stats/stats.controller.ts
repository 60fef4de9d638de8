import { Controller, Get, MessageEvent, Query, Sse } from '@nestjs/common';
import type { StatsResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { StatsQuery } from './dto/stats.query';
import { StatsStreams } from './stats-stream.service';
import { StatsService } from './stats.service';

const DEFAULT_WINDOW = '24h';

@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly streams: StatsStreams,
  ) {}

  @Get()
  get(@Query() query: StatsQuery): Promise<StatsResponse> {
    return this.stats.get(query.window ?? DEFAULT_WINDOW);
  }

  /** `text/event-stream`: each `data:` is a StatsResponse. */
  @Sse('stream')
  stream(@Query() query: StatsQuery): Observable<MessageEvent> {
    return this.streams.stream(query.window ?? DEFAULT_WINDOW);
  }
}
