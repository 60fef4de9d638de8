import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LogFilters, Page, RequestLogDetail, RequestLogItem } from '@switchyard/contracts';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_LOG_PAGE_SIZE, ListLogsQuery } from './dto/list-logs.query';
import { applyLogFilters } from './log-filters';
import { toRequestLogItem } from './log-mapper';
import { RequestLogBodyEntity } from './request-log-body.entity';
import { RequestLogEntity } from './request-log.entity';

/** created_at with PostgreSQL's full microsecond precision, for the cursor (a JS Date stops at ms). */
const CURSOR_TIME = `to_char(log.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The export's columns: each RequestLogItem field, in the contract's order, selected under its own
 * name. bigint and numeric come back as text (exact); `toExportItem` turns them into the wire types.
 */
export const EXPORT_SELECT: readonly (readonly [expression: string, field: keyof RequestLogItem])[] = [
  ['log.id::text', 'id'],
  ['log.request_id', 'requestId'],
  ['log.created_at', 'createdAt'],
  ['log.user_id', 'userId'],
  ['log.model', 'model'],
  ['log.api_id', 'apiId'],
  ['log.upstream_model', 'upstreamModel'],
  ['log.endpoint', 'endpoint'],
  ['log.status_code', 'statusCode'],
  ['log.stream', 'stream'],
  ['log.latency_ms', 'latencyMs'],
  ['log.ttft_ms', 'ttftMs'],
  ['log.prompt_tokens', 'promptTokens'],
  ['log.completion_tokens', 'completionTokens'],
  ['log.total_tokens', 'totalTokens'],
  ['log.usage_source', 'usageSource'],
  ['log.cost_usd::text', 'costUsd'],
  ['log.error_type', 'errorType'],
  ['log.error_message', 'errorMessage'],
];

/** Reads the request log for the admin API; rows are written by the LogWriter. */
@Injectable()
export class LogsService {
  constructor(
    @InjectRepository(RequestLogEntity) private readonly logs: Repository<RequestLogEntity>,
    @InjectRepository(RequestLogBodyEntity) private readonly bodies: Repository<RequestLogBodyEntity>,
  ) {}

  /**
   * Newest first by (created_at, id), keyset-paginated: a page starts strictly after the previous
   * page's last row, so rows written meanwhile (newer, hence before the cursor) never shift later pages.
   */
  async list(query: ListLogsQuery): Promise<Page<RequestLogItem>> {
    const limit = query.limit ?? DEFAULT_LOG_PAGE_SIZE;
    const { entities, raw } = await this.listQuery(query).getRawAndEntities<{ log_id: string; cursor_time: string }>();
    // One raw row per entity (no joins): the raw row at `limit - 1` is the page's last item.
    const last = entities.length > limit ? raw[limit - 1] : undefined;
    return {
      items: entities.slice(0, limit).map(toRequestLogItem),
      nextCursor: last ? encodeCursor({ createdAt: last.cursor_time, id: String(last.log_id) }) : null,
    };
  }

  /**
   * The exact query `list` runs for one page (one row more than the page, to know whether another
   * follows). Public so tests can EXPLAIN what the service really sends.
   */
  listQuery(query: ListLogsQuery): SelectQueryBuilder<RequestLogEntity> {
    const limit = query.limit ?? DEFAULT_LOG_PAGE_SIZE;
    const qb = applyLogFilters(this.logs.createQueryBuilder('log').addSelect(CURSOR_TIME, 'cursor_time'), query);
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (cursor) {
      // A row-value comparison, which the (created_at, id) index serves directly.
      qb.andWhere('(log.created_at, log.id) < (CAST(:cursorTime AS timestamptz), CAST(:cursorId AS bigint))', {
        cursorTime: cursor.createdAt,
        cursorId: cursor.id,
      });
    }
    return qb
      .orderBy('log.created_at', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .limit(limit + 1);
  }

  /** Every row matching the filters, newest first, as EXPORT_SELECT columns; streamed by LogExportService. */
  exportQuery(filters: LogFilters): SelectQueryBuilder<RequestLogEntity> {
    const qb = this.logs.createQueryBuilder('log').select(EXPORT_SELECT[0][0], EXPORT_SELECT[0][1]);
    for (const [expression, field] of EXPORT_SELECT.slice(1)) qb.addSelect(expression, field);
    return applyLogFilters(qb, filters).orderBy('log.created_at', 'DESC').addOrderBy('log.id', 'DESC');
  }

  async get(id: string): Promise<RequestLogDetail> {
    const row = await this.logs.createQueryBuilder('log').addSelect('log.attempts').where('log.id = :id', { id }).getOne();
    if (!row) throw new NotFoundException(`Request log ${id} not found`);
    // One body per request id (its primary key); the creation time only confirms it is this call's.
    const body = await this.bodies.findOneBy({ requestId: row.requestId, createdAt: row.createdAt });
    const api = row.apiId ? await this.logs.query<{ name: string }[]>('SELECT name FROM apis WHERE id = $1', [row.apiId]) : [];
    return {
      ...toRequestLogItem(row),
      attempts: row.attempts ?? [],
      apiName: api[0]?.name ?? null,
      clientIp: row.clientIp,
      requestBody: body?.requestBody ?? null,
      responseBody: body?.responseBody ?? null,
      bodiesTruncated: body?.truncated ?? false,
    };
  }
}

/** One raw export row (EXPORT_SELECT aliases) → the wire type, as `toRequestLogItem` would give it. */
export function toExportItem(raw: Record<string, unknown>): RequestLogItem {
  const item = {} as Record<keyof RequestLogItem, unknown>;
  for (const [, field] of EXPORT_SELECT) item[field] = raw[field] ?? null;
  item.createdAt = (raw.createdAt as Date).toISOString();
  item.costUsd = raw.costUsd === null || raw.costUsd === undefined ? null : Number(raw.costUsd);
  return item as unknown as RequestLogItem;
}
