import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routes } from './app.routes';

/** The real route table: guard, lazy shell, lazy feature routes. */
describe('app routes', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter(routes, withComponentInputBinding()), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** The guard runs after the lazy shell chunk resolves, so its request shows up a little later. */
  async function lazyRequest(url: string): Promise<TestRequest> {
    return vi.waitFor(() => http.expectOne(url));
  }

  it('sends an anonymous visitor from / to the login page', async () => {
    const harness = await RouterTestingHarness.create();

    const navigation = harness.navigateByUrl('/');
    (await lazyRequest('/api/auth/me')).flush(null, { status: 401, statusText: 'Unauthorized' });
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fdashboard');
    // The login page asks /me again (an admin who is already signed in skips the form).
    http.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.textContent).toContain('Sign in');
  });

  it('opens a feature page inside the shell for a signed-in admin', async () => {
    const harness = await RouterTestingHarness.create();

    const navigation = harness.navigateByUrl('/apis');
    (await lazyRequest('/api/auth/me')).flush({ id: '1', username: 'ops' });
    await navigation;
    (await lazyRequest('/api/apis')).flush([]);
    await harness.fixture.whenStable();

    const text = harness.fixture.nativeElement.textContent as string;
    expect(TestBed.inject(Router).url).toBe('/apis');
    expect(text).toContain('Switchyard');
    expect(text).toContain('Upstream APIs');
  });

  it('redirects / to the dashboard once signed in', async () => {
    const harness = await RouterTestingHarness.create();

    const navigation = harness.navigateByUrl('/');
    (await lazyRequest('/api/auth/me')).flush({ id: '1', username: 'ops' });
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/dashboard');
    (await lazyRequest('/api/stats?window=24h')).flush(null, { status: 503, statusText: 'Unavailable' });
  });
});
