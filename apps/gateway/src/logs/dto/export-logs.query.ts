import { IsIn } from 'class-validator';
import { LogFiltersQuery } from './log-filters.query';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `GET /api/logs/export`: the list's filters, no paging (the whole filtered set, newest first). */
export class ExportLogsQuery extends LogFiltersQuery {
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or jsonl' })
  format!: ExportFormat;
}
