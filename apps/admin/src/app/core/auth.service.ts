import { HttpClient, HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { AdminMe, LoginRequest } from '@switchyard/contracts';
import { catchError, map, Observable, of, tap, throwError } from 'rxjs';

/** Client for /api/auth: who is signed in, sign in, sign out. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);

  /** `undefined` until the session has been asked about once; `null` when nobody is signed in. */
  private readonly session = signal<AdminMe | null | undefined>(undefined);

  /** The signed-in administrator, or `null`. */
  readonly me = computed(() => this.session() ?? null);
  readonly signedIn = computed(() => this.me() !== null);

  login(request: LoginRequest): Observable<AdminMe> {
    return this.http.post<AdminMe>('/api/auth/login', request).pipe(tap((me) => this.session.set(me)));
  }

  /** Ends the server session. A 401 means it had already ended, which is what we wanted. */
  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null).pipe(
      map(() => undefined),
      catchError((error: unknown) => (isUnauthorized(error) ? of(undefined) : throwError(() => error))),
      tap(() => this.session.set(null)),
    );
  }

  /**
   * Asks the server who is signed in (401 → `null`). The same call makes the server (re)issue the
   * XSRF-TOKEN cookie that mutating calls must echo. Other errors propagate.
   */
  loadMe(): Observable<AdminMe | null> {
    return this.http.get<AdminMe>('/api/auth/me').pipe(
      catchError((error: unknown) => (isUnauthorized(error) ? of(null) : throwError(() => error))),
      tap((me) => this.session.set(me)),
    );
  }

  /** Like {@link loadMe}, but asks the server only the first time; later calls reuse the answer. */
  ensureLoaded(): Observable<AdminMe | null> {
    const known = this.session();
    return known === undefined ? this.loadMe() : of(known);
  }

  /** Forgets the signed-in admin locally, e.g. after the server reported the session gone. */
  clear(): void {
    this.session.set(null);
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === HttpStatusCode.Unauthorized;
}
