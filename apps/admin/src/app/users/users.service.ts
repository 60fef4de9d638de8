import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateUserRequest, UpdateUserRequest, UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/users';

/** Client for /api/users: API key holders, their limits, and their keys (returned only by create and rotate). */
@Injectable({ providedIn: 'root' })
export class UsersService {
  private readonly http = inject(HttpClient);

  list(): Observable<UserResponse[]> {
    return this.http.get<UserResponse[]>(BASE);
  }

  /** The answer carries the new key; it is never returned again. */
  create(request: CreateUserRequest): Observable<UserWithKeyResponse> {
    return this.http.post<UserWithKeyResponse>(BASE, request);
  }

  update(id: string, request: UpdateUserRequest): Observable<UserResponse> {
    return this.http.patch<UserResponse>(`${BASE}/${encodeURIComponent(id)}`, request);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`);
  }

  /** Issues a new key (the old one stops working at once); the answer carries it, shown once. */
  rotateKey(id: string): Observable<UserWithKeyResponse> {
    return this.http.post<UserWithKeyResponse>(`${BASE}/${encodeURIComponent(id)}/rotate-key`, null);
  }
}
