import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AdminMe } from '@switchyard/contracts';
import { Observable, of, throwError } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ComingSoon } from '../shared/coming-soon';
import { AuthService } from './auth.service';
import { Shell } from './shell';

@Component({ selector: 'sy-login-stub', template: 'login page' })
class LoginStub {}

describe('Shell', () => {
  let logout: () => Observable<void>;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    logout = () => of(undefined);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'login', component: LoginStub },
            {
              path: '',
              component: Shell,
              children: [
                { path: 'dashboard', component: ComingSoon, data: { feature: 'Dashboard' } },
                { path: 'logs', component: ComingSoon, data: { feature: 'Request logs' } },
              ],
            },
          ],
          withComponentInputBinding(),
        ),
        {
          provide: AuthService,
          useValue: {
            me: signal<AdminMe | null>({ id: '1', username: 'ops' }),
            logout: () => logout(),
          },
        },
      ],
    });
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/dashboard');
    // RouterLinkActive settles in a microtask after navigation, then asks for another render.
    await harness.fixture.whenStable();
  });

  function shell(): HTMLElement {
    return harness.fixture.nativeElement as HTMLElement;
  }

  function button(label: string): HTMLButtonElement {
    const found = [...shell().querySelectorAll('button')].find((b) => b.textContent?.includes(label));
    if (!found) throw new Error(`no "${label}" button`);
    return found;
  }

  it('shows the product name and the signed-in admin', () => {
    expect(shell().querySelector('mat-toolbar')?.textContent).toContain('Switchyard');
    expect(shell().querySelector('[data-testid="admin-username"]')?.textContent).toContain('ops');
    expect(shell().querySelector('mat-toolbar [data-testid="theme-toggle"]')).not.toBeNull();
    expect(shell().querySelector('mat-toolbar [data-testid="logout"]')?.textContent).toContain('Sign out');
  });

  it('links every feature in the sidenav and marks the current one', () => {
    const links = [...shell().querySelectorAll<HTMLAnchorElement>('mat-sidenav a')];

    expect(links.map((a) => a.textContent?.trim())).toEqual([
      expect.stringContaining('Dashboard'),
      expect.stringContaining('Upstream APIs'),
      expect.stringContaining('Model aliases'),
      expect.stringContaining('Users & keys'),
      expect.stringContaining('Request logs'),
      expect.stringContaining('Settings'),
      expect.stringContaining('Admins'),
      expect.stringContaining('Audit trail'),
    ]);
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/dashboard',
      '/apis',
      '/aliases',
      '/users',
      '/logs',
      '/settings',
      '/admins',
      '/audit',
    ]);
    expect(links[0].getAttribute('aria-current')).toBe('page');
    expect(links[0].classList).toContain('mdc-list-item--activated');
    expect(links[4].getAttribute('aria-current')).toBeNull();
    expect(links[4].classList).not.toContain('mdc-list-item--activated');
  });

  it('renders the routed feature inside the shell', async () => {
    const logsLink = shell().querySelector<HTMLAnchorElement>('mat-sidenav a[href="/logs"]');
    logsLink?.click();
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/logs');
    expect(shell().querySelector('mat-sidenav-content')?.textContent).toContain('Request logs');
  });

  it('signs out and goes to /login', async () => {
    const spy = vi.fn(() => of(undefined));
    logout = spy;

    button('Sign out').click();
    await harness.fixture.whenStable();

    expect(spy).toHaveBeenCalledTimes(1);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('stays put and says so when signing out fails', async () => {
    logout = () => throwError(() => new Error('server down'));

    button('Sign out').click();
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/dashboard');
    expect(document.body.textContent).toContain('Could not sign out');
  });
});
