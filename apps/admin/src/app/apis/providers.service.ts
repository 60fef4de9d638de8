import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ProviderInfo } from '@switchyard/contracts';
import { Observable } from 'rxjs';

/** Client for /api/providers: the provider names the gateway has registered (built-ins plus modules). */
@Injectable({ providedIn: 'root' })
export class ProvidersService {
  private readonly http = inject(HttpClient);

  list(): Observable<ProviderInfo[]> {
    return this.http.get<ProviderInfo[]>('/api/providers');
  }
}
