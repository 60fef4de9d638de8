import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import aliasesRoutes from './aliases.routes';

describe('aliases routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the aliases page at /aliases with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'aliases', loadChildren: () => aliasesRoutes }]));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/aliases');
    TestBed.inject(HttpTestingController).expectOne('/api/aliases').flush([]);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/aliases');
    expect(document.title).toBe('Model aliases · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('No model aliases yet');
  });
});
