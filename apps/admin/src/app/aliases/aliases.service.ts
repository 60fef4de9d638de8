import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AliasResponse, CreateAliasRequest, UpdateAliasRequest } from '@switchyard/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/aliases';

/** Client for /api/aliases: model names clients call and the upstream APIs they route to. */
@Injectable({ providedIn: 'root' })
export class AliasesService {
  private readonly http = inject(HttpClient);

  list(): Observable<AliasResponse[]> {
    return this.http.get<AliasResponse[]>(BASE);
  }

  create(request: CreateAliasRequest): Observable<AliasResponse> {
    return this.http.post<AliasResponse>(BASE, request);
  }

  /** Given `targets` replace the whole target set. */
  update(id: string, request: UpdateAliasRequest): Observable<AliasResponse> {
    return this.http.patch<AliasResponse>(`${BASE}/${encodeURIComponent(id)}`, request);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`);
  }
}
