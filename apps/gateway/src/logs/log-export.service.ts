import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { LogFilters, RequestLogItem } from '@switchyard/contracts';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { ExportFormat } from './dto/export-logs.query';
import { dedicatedConnection } from './dedicated-connection';
import { EXPORT_SELECT, LogsService, toExportItem } from './logs.service';

/** Rows fetched from the cursor per round trip. */
const FETCH_ROWS = 500;
/** Exports hold a pool connection each for as long as the client reads: cap them per instance. */
export const MAX_CONCURRENT_EXPORTS = 2;
/** Marks the export's statement in pg_stat_activity. */
export const EXPORT_SQL_TAG = '/* switchyard:log-export */';

const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' };

/**
 * Streams the filtered log from a server-side cursor to the HTTP response. Rows are fetched only as
 * fast as the client reads (back-pressure end to end), so memory stays flat whatever the row count;
 * a client that disconnects stops the reading and gives the connection back.
 */
@Injectable()
export class LogExportService {
  private readonly logger = new Logger(LogExportService.name);
  private running = 0;

  constructor(
    private readonly logs: LogsService,
    private readonly dataSource: DataSource,
  ) {}

  async export(filters: LogFilters, format: ExportFormat, res: Response): Promise<void> {
    if (this.running >= MAX_CONCURRENT_EXPORTS) {
      throw new HttpException(
        `${MAX_CONCURRENT_EXPORTS} exports are already running; try again when one finishes`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.running++;
    try {
      await this.stream(filters, format, res);
    } finally {
      this.running--;
    }
  }

  private async stream(filters: LogFilters, format: ExportFormat, res: Response): Promise<void> {
    const [sql, params] = this.logs.exportQuery(filters).getQueryAndParameters();
    const client = await dedicatedConnection(this.dataSource);
    let failure: Error | undefined;
    let rows = 0;
    try {
      const cursor = client.query(
        new QueryStream(`${EXPORT_SQL_TAG} ${sql}`, params, { batchSize: FETCH_ROWS, highWaterMark: FETCH_ROWS }),
      );
      // The first fetch completes before any header goes out: a query that fails still gets a proper 500.
      await firstFetch(cursor);
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPE[format]);
      res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(format, new Date())}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      const toItems = new Transform({
        objectMode: true,
        transform(row: Record<string, unknown>, _encoding, done) {
          rows++;
          done(null, toExportItem(row));
        },
      });
      // pipeline propagates back-pressure from the socket to the cursor, and destroys every stream
      // (closing the cursor) when the response ends early.
      await pipeline(cursor, toItems, format === 'csv' ? csvFormatter() : jsonlFormatter(), res);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      if (!res.headersSent) throw err;
      if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.debug(`log export stopped by the client after ${rows} rows`);
      else this.logger.warn(`log export failed after ${rows} rows: ${failure.message}`);
    } finally {
      // A cursor left mid-way, or an error, may leave the session unusable: discard it rather than pool it.
      client.release(failure);
    }
  }
}

/** Resolves once the stream has its first rows (or has ended); rejects when the query fails first. */
function firstFetch(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('readable', onReadable);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onReadable = () => done();
    stream.on('readable', onReadable);
    stream.on('error', done);
  });
}

/** `switchyard-logs-20250601T120000Z.csv`: UTC, sortable, no characters a file system refuses. */
export function exportFileName(format: ExportFormat, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `switchyard-logs-${stamp}.${format}`;
}

/** RequestLogItem columns in contract order, one header row; cells that a spreadsheet would run as a formula get a leading `'`. */
export function csvFormatter(): Transform {
  return stringify({
    header: true,
    columns: EXPORT_SELECT.map(([, field]) => field),
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}

/** One JSON object per line. */
export function jsonlFormatter(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(item: RequestLogItem, _encoding, done) {
      done(null, `${JSON.stringify(item)}\n`);
    },
  });
}
