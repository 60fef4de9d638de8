import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AdminAccount, CreateAdminRequest } from '@switchyard/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/admins';

/** Client for /api/admins: administrator accounts. */
@Injectable({ providedIn: 'root' })
export class AdminsService {
  private readonly http = inject(HttpClient);

  list(): Observable<AdminAccount[]> {
    return this.http.get<AdminAccount[]>(BASE);
  }

  create(request: CreateAdminRequest): Observable<AdminAccount> {
    return this.http.post<AdminAccount>(BASE, request);
  }

  /** Ends every session of that admin (except the caller's own current one). */
  changePassword(id: string, password: string): Observable<void> {
    return this.http.put<void>(`${BASE}/${encodeURIComponent(id)}/password`, { password });
  }

  setDisabled(id: string, disabled: boolean): Observable<AdminAccount> {
    return this.http.patch<AdminAccount>(`${BASE}/${encodeURIComponent(id)}`, { disabled });
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`);
  }
}
