import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import settingsRoutes from './settings.routes';

describe('settings routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the settings page at /settings with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'settings', loadChildren: () => settingsRoutes }]));
    const harness = await RouterTestingHarness.create();
    const http = TestBed.inject(HttpTestingController);

    await harness.navigateByUrl('/settings');
    http.expectOne('/api/config/schema').flush([]);
    http.expectOne('/api/config').flush({});
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/settings');
    expect(document.title).toBe('Settings · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('No settings');
  });
});
