import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditPage } from '@switchyard/contracts';
import { Observable } from 'rxjs';

/** Client for /api/audit: the audit trail, newest first, in cursor pages. */
@Injectable({ providedIn: 'root' })
export class AuditService {
  private readonly http = inject(HttpClient);

  page(limit: number, cursor?: string | null): Observable<AuditPage> {
    let params = new HttpParams().set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<AuditPage>('/api/audit', { params });
  }
}
