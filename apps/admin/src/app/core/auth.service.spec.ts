import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AdminMe } from '@switchyard/contracts';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from './auth.service';

const ADMIN: AdminMe = { id: '7d8f6c1e-0000-4000-8000-000000000001', username: 'ops' };
const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

describe('AuthService', () => {
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('starts signed out', () => {
    expect(auth.me()).toBeNull();
    expect(auth.signedIn()).toBe(false);
  });

  it('login posts the credentials and sets me', async () => {
    const result = firstValueFrom(auth.login({ username: 'ops', password: 'secret' }));

    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'ops', password: 'secret' });
    req.flush(ADMIN);

    await expect(result).resolves.toEqual(ADMIN);
    expect(auth.me()).toEqual(ADMIN);
    expect(auth.signedIn()).toBe(true);
  });

  it('login failure leaves me unset and passes the error on', async () => {
    const result = firstValueFrom(auth.login({ username: 'ops', password: 'wrong' }));

    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Invalid username or password', error: 'Unauthorized' }, UNAUTHORIZED);

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(auth.me()).toBeNull();
  });

  it('logout posts and clears me', async () => {
    await signIn();

    const result = firstValueFrom(auth.logout(), { defaultValue: undefined });
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });

    await result;
    expect(auth.me()).toBeNull();
  });

  it('logout treats 401 (session already gone) as signed out', async () => {
    await signIn();

    const result = firstValueFrom(auth.logout(), { defaultValue: undefined });
    http.expectOne('/api/auth/logout').flush(null, UNAUTHORIZED);

    await expect(result).resolves.toBeUndefined();
    expect(auth.me()).toBeNull();
  });

  it('logout keeps me when the server fails, so the admin can retry', async () => {
    await signIn();

    const result = firstValueFrom(auth.logout(), { defaultValue: undefined });
    http.expectOne('/api/auth/logout').flush(null, { status: 500, statusText: 'Server Error' });

    await expect(result).rejects.toMatchObject({ status: 500 });
    expect(auth.me()).toEqual(ADMIN);
  });

  it('loadMe sets me from GET /api/auth/me', async () => {
    const result = firstValueFrom(auth.loadMe());

    const req = http.expectOne('/api/auth/me');
    expect(req.request.method).toBe('GET');
    req.flush(ADMIN);

    await expect(result).resolves.toEqual(ADMIN);
    expect(auth.me()).toEqual(ADMIN);
  });

  it('loadMe answers null on 401 and clears a stale me', async () => {
    await signIn();

    const result = firstValueFrom(auth.loadMe());
    http.expectOne('/api/auth/me').flush(null, UNAUTHORIZED);

    await expect(result).resolves.toBeNull();
    expect(auth.me()).toBeNull();
  });

  it('loadMe passes other errors on', async () => {
    const result = firstValueFrom(auth.loadMe());
    http.expectOne('/api/auth/me').flush(null, { status: 503, statusText: 'Unavailable' });

    await expect(result).rejects.toMatchObject({ status: 503 });
  });

  it('ensureLoaded asks the server once, then reuses the answer', async () => {
    const first = firstValueFrom(auth.ensureLoaded());
    http.expectOne('/api/auth/me').flush(null, UNAUTHORIZED);
    await expect(first).resolves.toBeNull();

    await expect(firstValueFrom(auth.ensureLoaded())).resolves.toBeNull();
    http.expectNone('/api/auth/me');
  });

  async function signIn(): Promise<void> {
    const result = firstValueFrom(auth.login({ username: 'ops', password: 'secret' }));
    http.expectOne('/api/auth/login').flush(ADMIN);
    await result;
    expect(auth.me()).toEqual(ADMIN);
  }
});
