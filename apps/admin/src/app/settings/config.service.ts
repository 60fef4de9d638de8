import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ConfigResponse, SettingSchema, SettingValue, UpdateSettingRequest } from '@switchyard/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/config';

/** Client for /api/config: runtime settings, their schema, and changing one. */
@Injectable({ providedIn: 'root' })
export class ConfigService {
  private readonly http = inject(HttpClient);

  /** Every setting with defaults filled in. */
  getAll(): Observable<ConfigResponse> {
    return this.http.get<ConfigResponse>(BASE);
  }

  schema(): Observable<SettingSchema[]> {
    return this.http.get<SettingSchema[]>(`${BASE}/schema`);
  }

  /** Answers every setting after the change; 400 with the reason when the value is not allowed. */
  update(key: string, value: SettingValue): Observable<ConfigResponse> {
    const body: UpdateSettingRequest = { value };
    return this.http.put<ConfigResponse>(`${BASE}/${encodeURIComponent(key)}`, body);
  }
}
