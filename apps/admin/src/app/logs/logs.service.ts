import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { LogFilters, Page, RequestLogDetail, RequestLogItem } from '@switchyard/contracts';
import { Observable } from 'rxjs';

export type LogExportFormat = 'csv' | 'jsonl';

const BASE = '/api/logs';

/** Client for /api/logs: keyset pages of the request log, one entry in full, and export links. */
@Injectable({ providedIn: 'root' })
export class LogsService {
  private readonly http = inject(HttpClient);

  /** Newest first; pass the previous page's `nextCursor` for the next (older) page. */
  list(filters: LogFilters, limit: number, cursor: string | null): Observable<Page<RequestLogItem>> {
    let params = filterParams(filters).set('limit', limit);
    if (cursor) {
      params = params.set('cursor', cursor);
    }
    return this.http.get<Page<RequestLogItem>>(BASE, { params });
  }

  get(id: string): Observable<RequestLogDetail> {
    return this.http.get<RequestLogDetail>(`${BASE}/${encodeURIComponent(id)}`);
  }

  /** A same-origin download link for every row matching `filters` (the session cookie goes with it). */
  exportUrl(format: LogExportFormat, filters: LogFilters): string {
    return `${BASE}/export?${filterParams(filters).set('format', format).toString()}`;
  }
}

/** The filters as query parameters, leaving out the ones not set. */
function filterParams(filters: LogFilters): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(filters) as [keyof LogFilters, LogFilters[keyof LogFilters]][]) {
    if (value !== undefined && value !== '') {
      params = params.set(key, String(value));
    }
  }
  return params;
}
