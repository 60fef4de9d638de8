import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import apisRoutes from './apis.routes';

describe('apis routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the APIs page at /apis with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'apis', loadChildren: () => apisRoutes }]));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/apis');
    TestBed.inject(HttpTestingController).expectOne('/api/apis').flush([]);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/apis');
    expect(document.title).toBe('Upstream APIs · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('No upstream APIs yet');
  });
});
