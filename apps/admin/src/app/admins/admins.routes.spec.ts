import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import adminsRoutes from './admins.routes';

describe('admins routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the admins page at /admins with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'admins', loadChildren: () => adminsRoutes }]));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/admins');
    TestBed.inject(HttpTestingController).expectOne('/api/admins').flush([]);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/admins');
    expect(document.title).toBe('Admins · Switchyard');
  });
});
