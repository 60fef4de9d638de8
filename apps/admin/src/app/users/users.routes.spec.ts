import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import usersRoutes from './users.routes';

describe('users routes', () => {
  afterEach(verifyHttpAndReset);

  it('lazily loads the users page at /users with its title', async () => {
    configureAdminTestBed(provideRouter([{ path: 'users', loadChildren: () => usersRoutes }]));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/users');
    TestBed.inject(HttpTestingController).expectOne('/api/users').flush([]);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/users');
    expect(document.title).toBe('Users & keys · Switchyard');
    expect(harness.routeNativeElement?.textContent).toContain('No API users yet');
  });
});
