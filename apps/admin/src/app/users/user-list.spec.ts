import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import type { UserResponse } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allByTestId, byTestId, typeInto } from '../shared/testing/dom';
import { makeAlias, makeUser, makeUserWithKey, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { UserList } from './user-list';

const BOB = makeUser({
  id: '66666666-6666-4666-8666-666666666666',
  name: 'bob',
  keyPrefix: 'sk-sy-cd34',
  allowedModels: ['gpt-4o', 'chat-fast'],
  rateLimitRpm: 60,
  rateLimitTpm: null,
  budgetUsd: null,
  spentUsd: 0,
  enabled: false,
  expiresAt: '2020-01-31T23:59:59.000Z',
  lastUsedAt: '2026-02-03T10:00:00.000Z',
});

describe('UserList', () => {
  let fixture: ComponentFixture<UserList>;
  let http: HttpTestingController;

  beforeEach(() => {
    configureAdminTestBed();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserList);
  });

  afterEach(verifyHttpAndReset);

  async function load(users: UserResponse[]): Promise<void> {
    await fixture.whenStable();
    expect(byTestId(el(), 'users-loading')).toBeTruthy();
    http.expectOne({ method: 'GET', url: '/api/users' }).flush(users);
    await fixture.whenStable();
  }

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function rows(): HTMLElement[] {
    return allByTestId(el(), 'user-row');
  }

  function cell(row: HTMLElement, testId: string): string {
    return byTestId(row, testId).textContent?.trim() ?? '';
  }

  function keyDialog(): HTMLElement | null {
    return document.querySelector('[data-testid="key-once-dialog"]');
  }

  it('renders a row per user with limits, budget and models in words', async () => {
    await load([makeUser(), BOB]);

    expect(rows()).toHaveLength(2);
    const [alice, bob] = rows();
    expect(alice.textContent).toContain('sk-sy-ab12…');
    expect(allByTestId(alice, 'model-chip').map((c) => c.textContent?.trim())).toEqual(['All models']);
    expect(cell(alice, 'user-rpm')).toBe('default');
    expect(cell(alice, 'user-tpm')).toBe('none');
    expect(cell(alice, 'user-budget')).toBe('$25.00 per month');
    expect(cell(alice, 'user-spent')).toBe('$3.50');
    expect(cell(alice, 'user-expires')).toBe('Never');
    expect(cell(alice, 'user-last-used')).toBe('Never');

    expect(allByTestId(bob, 'model-chip').map((c) => c.textContent?.trim())).toEqual(['gpt-4o', 'chat-fast']);
    expect(cell(bob, 'user-rpm')).toBe('60');
    expect(cell(bob, 'user-tpm')).toBe('default');
    expect(cell(bob, 'user-budget')).toBe('No budget');
    expect(cell(bob, 'user-expires')).toContain('(expired)');
    expect(cell(bob, 'user-last-used')).toContain('2/3/26');
    expect(el().querySelector('[data-testid="users-empty"]')).toBeNull();
  });

  it('shows the empty state when there are no users', async () => {
    await load([]);

    expect(rows()).toHaveLength(0);
    expect(byTestId(el(), 'users-empty').textContent).toContain('No API users yet');
  });

  it('sends PATCH {enabled} when the toggle is flipped', async () => {
    await load([BOB]);

    byTestId(el(), 'user-enabled-toggle').querySelector('button')!.click();
    const req = http.expectOne({ method: 'PATCH', url: `/api/users/${BOB.id}` });
    expect(req.request.body).toEqual({ enabled: true });
    req.flush({ ...BOB, enabled: true });
    await fixture.whenStable();

    expect(document.body.textContent).toContain('User “bob” enabled');
  });

  it('creates a user and shows the new key once, closable only by the explicit button', async () => {
    await load([]);

    byTestId(el(), 'add-user').click();
    await fixture.whenStable();
    const dialog = byTestId(document.body, 'user-form-dialog');
    http.expectOne({ method: 'GET', url: '/api/aliases' }).flush([makeAlias()]);
    typeInto(dialog, 'name', 'carol');
    const models = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(
      MatSelectHarness.with({ selector: '[formcontrolname="allowedModels"]' }),
    );
    await models.clickOptions({ text: 'All models' });
    byTestId(dialog, 'save-user').click();
    await fixture.whenStable();

    const req = http.expectOne({ method: 'POST', url: '/api/users' });
    expect(req.request.body).toMatchObject({ name: 'carol', allowedModels: ['*'] });
    const created = makeUserWithKey({ id: '77777777-7777-4777-8777-777777777777', name: 'carol' });
    req.flush(created);
    await vi.waitFor(() => expect(keyDialog()).not.toBeNull());
    await fixture.whenStable();

    expect(byTestId(keyDialog()!, 'api-key-value').textContent).toBe('sk-sy-ab12-THE-SECRET-KEY-0123456789');
    expect(keyDialog()!.textContent).toContain('not be shown again');
    expect(rows().map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['carol']);
    expect(el().textContent).not.toContain('THE-SECRET-KEY');

    // Escape does not dismiss it; the explicit button does.
    document.querySelector('.cdk-overlay-pane')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', keyCode: 27, bubbles: true }));
    await settle();
    expect(keyDialog()).not.toBeNull();
    byTestId(keyDialog()!, 'key-copied-close').click();
    await settle();
    expect(keyDialog()).toBeNull();
  });

  it('rotates a key after confirmation and shows the new one once', async () => {
    await load([makeUser()]);

    byTestId(el(), 'rotate-key').click();
    await fixture.whenStable();
    expect(byTestId(document.body, 'confirm-dialog').textContent).toContain('stops working immediately');
    byTestId(document.body, 'confirm').click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/users/55555555-5555-4555-8555-555555555555/rotate-key' })
      .flush(makeUserWithKey({ keyPrefix: 'sk-sy-zz99', apiKey: 'sk-sy-zz99-ROTATED' }));
    await vi.waitFor(() => expect(keyDialog()).not.toBeNull());
    await fixture.whenStable();

    expect(byTestId(keyDialog()!, 'api-key-value').textContent).toBe('sk-sy-zz99-ROTATED');
    expect(rows()[0].textContent).toContain('sk-sy-zz99…');
  });

  it('reports a failed rotation and shows no key', async () => {
    await load([makeUser()]);

    byTestId(el(), 'rotate-key').click();
    await fixture.whenStable();
    byTestId(document.body, 'confirm').click();
    await settle();
    http.expectOne({ method: 'POST' }).flush(...nestError(404, 'User 5555 not found'));
    await fixture.whenStable();

    expect(document.body.textContent).toContain('Could not rotate the key of “alice”: User 5555 not found');
    expect(keyDialog()).toBeNull();
  });

  it('deletes after confirmation', async () => {
    await load([makeUser(), BOB]);

    byTestId(el(), 'delete-user', 1).click();
    await fixture.whenStable();
    byTestId(document.body, 'confirm').click();
    await settle();
    http.expectOne({ method: 'DELETE', url: `/api/users/${BOB.id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(rows().map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['alice']);
    expect(document.body.textContent).toContain('User “bob” deleted');
  });
});
