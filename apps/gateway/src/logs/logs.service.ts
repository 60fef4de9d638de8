import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Page, RequestLogItem } from '@switchyard/contracts';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_LOG_PAGE_SIZE, ListLogsQuery } from './dto/list-logs.query';
import { toRequestLogItem } from './log-mapper';
import { RequestLogEntity } from './request-log.entity';

/** created_at with PostgreSQL's full microsecond precision, for the cursor (a JS Date stops at ms). */
const CURSOR_TIME = `to_char(log.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Reads the request log for the admin API; rows are written by the LogWriter. */
@Injectable()
export class LogsService {
  constructor(@InjectRepository(RequestLogEntity) private readonly logs: Repository<RequestLogEntity>) {}

  /**
   * Newest first by (created_at, id), keyset-paginated: a page starts strictly after the previous
   * page's last row, so rows written meanwhile (newer, hence before the cursor) never shift later pages.
   */
  async list(query: ListLogsQuery): Promise<Page<RequestLogItem>> {
    const limit = query.limit ?? DEFAULT_LOG_PAGE_SIZE;
    const qb = this.logs.createQueryBuilder('log').addSelect(CURSOR_TIME, 'cursor_time');
    this.applyFilters(qb, query);
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (cursor) {
      // A row-value comparison, which the (created_at, id) index serves directly.
      qb.andWhere('(log.created_at, log.id) < (CAST(:cursorTime AS timestamptz), CAST(:cursorId AS bigint))', {
        cursorTime: cursor.createdAt,
        cursorId: cursor.id,
      });
    }
    const { entities, raw } = await qb
      .orderBy('log.created_at', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ log_id: string; cursor_time: string }>();
    // One raw row per entity (no joins): the raw row at `limit - 1` is the page's last item.
    const last = entities.length > limit ? raw[limit - 1] : undefined;
    return {
      items: entities.slice(0, limit).map(toRequestLogItem),
      nextCursor: last ? encodeCursor({ createdAt: last.cursor_time, id: String(last.log_id) }) : null,
    };
  }

  async get(id: string): Promise<RequestLogItem> {
    const row = await this.logs.findOneBy({ id });
    if (!row) throw new NotFoundException(`Request log ${id} not found`);
    return toRequestLogItem(row);
  }

  /** Where the viewer's filters (time range, user, model, API, status) will narrow the query. */
  private applyFilters(_qb: SelectQueryBuilder<RequestLogEntity>, _query: ListLogsQuery): void {}
}
