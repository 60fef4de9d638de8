import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCE_FACTORY } from '../core/event-source-factory';
import { fakeEventSources } from '../core/testing/fake-event-source';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import dashboardRoutes from './dashboard.routes';

describe('dashboard routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the dashboard at /dashboard with its title, window from the URL', async () => {
    configureAdminTestBed(provideRouter([{ path: 'dashboard', loadChildren: () => dashboardRoutes }], withComponentInputBinding()), {
      provide: EVENT_SOURCE_FACTORY,
      useValue: fakeEventSources().factory,
    });
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/dashboard?window=7d');
    await harness.fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne('/api/stats?window=7d').flush(null, { status: 503, statusText: 'Unavailable' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/dashboard?window=7d');
    expect(document.title).toBe('Dashboard · Switchyard');
    expect(harness.routeNativeElement?.querySelector('[data-testid="dashboard-error"]')?.textContent).toContain(
      'Could not load the statistics.',
    );
  });
});
