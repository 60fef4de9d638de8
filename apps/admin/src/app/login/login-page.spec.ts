import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AdminMe } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../core/auth.service';
import { LoginPage } from './login-page';

@Component({ selector: 'sy-home-stub', template: 'home page' })
class HomeStub {}

@Component({ selector: 'sy-apis-stub', template: 'apis page' })
class ApisStub {}

const ADMIN: AdminMe = { id: '1', username: 'ops' };

describe('LoginPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'login', component: LoginPage },
            { path: 'apis', component: ApisStub },
            { path: '', component: HomeStub },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  /** Opens /login; the page first asks who is signed in. */
  async function open(url: string, me: AdminMe | null = null): Promise<void> {
    await harness.navigateByUrl(url);
    const req = http.expectOne('/api/auth/me');
    if (me) {
      req.flush(me);
    } else {
      req.flush(null, { status: 401, statusText: 'Unauthorized' });
    }
    await harness.fixture.whenStable();
  }

  function page(): HTMLElement {
    return harness.routeNativeElement as HTMLElement;
  }

  function type(name: 'username' | 'password', value: string): void {
    const input = page().querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!input) throw new Error(`no ${name} input`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function submitButton(): HTMLButtonElement {
    const button = page().querySelector<HTMLButtonElement>('button[type="submit"]');
    if (!button) throw new Error('no submit button');
    return button;
  }

  async function submit(): Promise<void> {
    submitButton().click();
    await harness.fixture.whenStable();
  }

  it('does not submit an empty form and says what is missing', async () => {
    await open('/login');

    await submit();

    http.expectNone('/api/auth/login');
    expect(page().textContent).toContain('Username is required');
    expect(page().textContent).toContain('Password is required');
  });

  it('does not submit without a password', async () => {
    await open('/login');
    type('username', 'ops');

    await submit();

    http.expectNone('/api/auth/login');
    expect(page().textContent).not.toContain('Username is required');
    expect(page().textContent).toContain('Password is required');
  });

  it("shows the server's message on 401 and lets the admin retry", async () => {
    await open('/login');
    type('username', 'ops');
    type('password', 'wrong');

    await submit();
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'ops', password: 'wrong' });
    expect(submitButton().disabled).toBe(true);

    req.flush(
      { statusCode: 401, message: 'Invalid username or password', error: 'Unauthorized' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await harness.fixture.whenStable();

    expect(page().querySelector('[role="alert"]')?.textContent).toContain('Invalid username or password');
    expect(submitButton().disabled).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('signs in and goes to the return URL', async () => {
    await open('/login?returnUrl=%2Fapis');
    type('username', 'ops');
    type('password', 'secret');

    await submit();
    http.expectOne('/api/auth/login').flush(ADMIN);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/apis');
    expect(harness.routeNativeElement?.textContent).toContain('apis page');
    expect(TestBed.inject(AuthService).me()).toEqual(ADMIN);
  });

  it('goes home after signing in when the return URL is missing or external', async () => {
    await open('/login?returnUrl=https:%2F%2Fevil.example');
    type('username', 'ops');
    type('password', 'secret');

    await submit();
    http.expectOne('/api/auth/login').flush(ADMIN);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/');
    expect(harness.routeNativeElement?.textContent).toContain('home page');
  });

  it('skips the form when the admin is already signed in', async () => {
    await open('/login?returnUrl=%2Fapis', ADMIN);

    expect(TestBed.inject(Router).url).toBe('/apis');
  });
});
