import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { StatsResponse, StatsWindow } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { EVENT_SOURCE_FACTORY } from '../core/event-source-factory';

/** Client for /api/stats: one snapshot, or a server-sent stream of them. */
@Injectable({ providedIn: 'root' })
export class StatsService {
  private readonly http = inject(HttpClient);
  private readonly openEventSource = inject(EVENT_SOURCE_FACTORY);

  get(window: StatsWindow): Observable<StatsResponse> {
    return this.http.get<StatsResponse>('/api/stats', { params: { window } });
  }

  /**
   * `GET /api/stats/stream`: a snapshot every few seconds while subscribed. Errors on the first
   * connection or parse failure (EventSource would silently retry; callers fall back to polling instead);
   * unsubscribing closes the connection.
   */
  stream(window: StatsWindow): Observable<StatsResponse> {
    return new Observable<StatsResponse>((subscriber) => {
      const source = this.openEventSource(`/api/stats/stream?window=${encodeURIComponent(window)}`, { withCredentials: true });
      source.onmessage = (event) => {
        try {
          subscriber.next(JSON.parse(event.data) as StatsResponse);
        } catch {
          subscriber.error(new Error('The stats stream sent something that is not JSON'));
        }
      };
      source.onerror = () => subscriber.error(new Error('The stats stream was interrupted'));
      return () => {
        source.onmessage = null;
        source.onerror = null;
        source.close();
      };
    });
  }
}
