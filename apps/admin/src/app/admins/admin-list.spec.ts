import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AdminAccount } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../core/auth.service';
import { allByTestId, byTestId, errorTexts, typeInto } from '../shared/testing/dom';
import { nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { AdminList } from './admin-list';

const ME: AdminAccount = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'admin',
  disabled: false,
  lastLoginAt: '2026-02-03T10:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
};
const BOB: AdminAccount = { ...ME, id: '22222222-2222-4222-8222-222222222222', username: 'bob', lastLoginAt: null };

describe('AdminList', () => {
  let fixture: ComponentFixture<AdminList>;
  let http: HttpTestingController;

  beforeEach(async () => {
    configureAdminTestBed({ provide: AuthService, useValue: { me: () => ({ id: ME.id, username: ME.username }) } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminList);
    await fixture.whenStable();
    http.expectOne({ method: 'GET', url: '/api/admins' }).flush([ME, BOB]);
    await fixture.whenStable();
  });

  afterEach(verifyHttpAndReset);

  const el = () => fixture.nativeElement as HTMLElement;
  const dialog = () => document.querySelector<HTMLElement>('[data-testid="admin-form-dialog"]');

  it('lists the admins; your own row cannot be disabled or deleted', () => {
    const rows = allByTestId(el(), 'admin-row');
    expect(rows.map((r) => byTestId(r, 'admin-username').textContent?.trim())).toEqual(['admin (you)', 'bob']);
    expect(byTestId<HTMLButtonElement>(rows[0], 'delete-admin').disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>(rows[1], 'delete-admin').disabled).toBe(false);
    expect(rows[0].querySelector('button[role="switch"]')?.hasAttribute('disabled')).toBe(true);
  });

  it('adds an admin through the dialog, validating the password length first', async () => {
    byTestId(el(), 'add-admin').click();
    await fixture.whenStable();
    typeInto(dialog()!, 'username', 'carol');
    typeInto(dialog()!, 'password', 'short');
    byTestId(dialog()!, 'save').click();
    await fixture.whenStable();
    expect(errorTexts(dialog()!)).toEqual(['12 to 128 characters']);

    typeInto(dialog()!, 'password', 'a-long-enough-passphrase');
    byTestId(dialog()!, 'save').click();
    const req = http.expectOne({ method: 'POST', url: '/api/admins' });
    expect(req.request.body).toEqual({ username: 'carol', password: 'a-long-enough-passphrase' });
    req.flush({ ...BOB, id: '33333333-3333-4333-8333-333333333333', username: 'carol' });
    await settle();
    await fixture.whenStable();
    expect(allByTestId(el(), 'admin-username').map((c) => c.textContent?.trim())).toEqual(['admin (you)', 'bob', 'carol']);
  });

  it('shows the server’s reason when creating fails', async () => {
    byTestId(el(), 'add-admin').click();
    await fixture.whenStable();
    typeInto(dialog()!, 'username', 'bob');
    typeInto(dialog()!, 'password', 'a-long-enough-passphrase');
    byTestId(dialog()!, 'save').click();
    http.expectOne('/api/admins').flush(...nestError(409, 'username "bob" is already taken'));
    await fixture.whenStable();
    expect(byTestId(dialog()!, 'form-errors').textContent).toContain('already taken');
  });

  it('changes a password with PUT /:id/password', async () => {
    byTestId(allByTestId(el(), 'admin-row')[1], 'change-password').click();
    await fixture.whenStable();
    typeInto(dialog()!, 'password', 'another-long-passphrase');
    byTestId(dialog()!, 'save').click();
    const req = http.expectOne({ method: 'PUT', url: `/api/admins/${BOB.id}/password` });
    expect(req.request.body).toEqual({ password: 'another-long-passphrase' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(dialog()).toBeNull();
  });

  it('disables with the toggle and deletes after confirming', async () => {
    allByTestId(el(), 'admin-row')[1].querySelector<HTMLButtonElement>('button[role="switch"]')!.click();
    http.expectOne({ method: 'PATCH', url: `/api/admins/${BOB.id}` }).flush({ ...BOB, disabled: true });
    await fixture.whenStable();

    byTestId(allByTestId(el(), 'admin-row')[1], 'delete-admin').click();
    await fixture.whenStable();
    byTestId(document.body, 'confirm').click();
    await settle();
    http.expectOne({ method: 'DELETE', url: `/api/admins/${BOB.id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(allByTestId(el(), 'admin-row')).toHaveLength(1);
  });
});
