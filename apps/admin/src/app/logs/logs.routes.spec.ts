import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import logsRoutes from './logs.routes';

describe('logs routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the request log at /logs with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'logs', loadChildren: () => logsRoutes }]));
    const harness = await RouterTestingHarness.create();
    const http = TestBed.inject(HttpTestingController);

    await harness.navigateByUrl('/logs');
    await harness.fixture.whenStable();
    http.expectOne('/api/users').flush([]);
    http.expectOne('/api/aliases').flush([]);
    http.expectOne('/api/logs?limit=50').flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/logs');
    expect(document.title).toBe('Request logs · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('No requests yet');
  });
});
