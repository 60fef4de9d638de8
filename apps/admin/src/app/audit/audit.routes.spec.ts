import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import auditRoutes from './audit.routes';

describe('audit routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the audit trail at /audit with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'audit', loadChildren: () => auditRoutes }]));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/audit');
    TestBed.inject(HttpTestingController).expectOne('/api/audit?limit=50').flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/audit');
    expect(document.title).toBe('Audit trail · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('Nothing recorded yet');
  });
});
