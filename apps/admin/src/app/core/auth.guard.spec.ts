import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AdminMe } from '@switchyard/contracts';
import { Observable, of, throwError } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { authGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Component({ selector: 'sy-protected-stub', template: 'protected page' })
class ProtectedPage {}

@Component({ selector: 'sy-login-stub', template: 'login page' })
class LoginStub {}

describe('authGuard', () => {
  let session: () => Observable<AdminMe | null>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: LoginStub },
          {
            path: '',
            canActivate: [authGuard],
            children: [{ path: 'apis', component: ProtectedPage }],
          },
        ]),
        { provide: AuthService, useValue: { ensureLoaded: () => session() } },
      ],
    });
  });

  it('lets a signed-in admin through', async () => {
    session = () => of({ id: '1', username: 'ops' });
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/apis');

    expect(TestBed.inject(Router).url).toBe('/apis');
    expect(harness.routeNativeElement?.textContent).toContain('protected page');
  });

  it('redirects an anonymous visitor to /login with the return URL', async () => {
    session = () => of(null);
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/apis?page=2');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fapis%3Fpage%3D2');
    expect(harness.routeNativeElement?.textContent).toContain('login page');
  });

  it('redirects to /login when the session cannot be checked', async () => {
    session = () => throwError(() => new Error('network down'));
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/apis');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fapis');
  });
});
