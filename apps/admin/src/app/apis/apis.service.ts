import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ApiResponse, ApiTestResult, CreateApiRequest, UpdateApiRequest } from '@switchyard/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/apis';

/** Client for /api/apis: upstream APIs and their connection test. */
@Injectable({ providedIn: 'root' })
export class ApisService {
  private readonly http = inject(HttpClient);

  list(): Observable<ApiResponse[]> {
    return this.http.get<ApiResponse[]>(BASE);
  }

  create(request: CreateApiRequest): Observable<ApiResponse> {
    return this.http.post<ApiResponse>(BASE, request);
  }

  update(id: string, request: UpdateApiRequest): Observable<ApiResponse> {
    return this.http.patch<ApiResponse>(`${BASE}/${encodeURIComponent(id)}`, request);
  }

  /** Fails with 409 (naming the aliases) while an alias still routes to the API. */
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`);
  }

  /** Lists the upstream's models with the stored key; an unreachable upstream is a result (`ok: false`), not an error. */
  test(id: string): Observable<ApiTestResult> {
    return this.http.post<ApiTestResult>(`${BASE}/${encodeURIComponent(id)}/test`, null);
  }
}
