import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { AuthService } from './auth.service';
import { sessionExpiredInterceptor } from './session-expired.interceptor';

describe('sessionExpiredInterceptor', () => {
  let client: HttpClient;
  let http: HttpTestingController;
  let navigate: MockInstance<Router['navigate']>;
  let auth: AuthService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([sessionExpiredInterceptor])), provideHttpClientTesting()],
    });
    client = TestBed.inject(HttpClient);
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  async function fail(url: string, status: number): Promise<unknown> {
    const result = firstValueFrom(client.get(url)).catch((error: unknown) => error);
    http.expectOne(url).flush(null, { status, statusText: 'Error' });
    return result;
  }

  it('sends the admin to /login on a 401 from the admin API and forgets the session', async () => {
    const clear = vi.spyOn(auth, 'clear');

    const error = await fail('/api/apis', 401);

    expect(error).toMatchObject({ status: 401 });
    expect(clear).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('leaves 401s from /api/auth/* to their callers', async () => {
    await fail('/api/auth/me', 401);
    await fail('/api/auth/login', 401);

    expect(navigate).not.toHaveBeenCalled();
  });

  it('ignores other statuses and non-admin URLs', async () => {
    await fail('/api/apis', 403);
    await fail('/api/apis', 500);
    await fail('/v1/models', 401);

    expect(navigate).not.toHaveBeenCalled();
  });
});
