import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditEntry } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allByTestId, byTestId } from '../shared/testing/dom';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { AuditList } from './audit-list';

function entry(id: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: String(id),
    createdAt: '2026-02-03T10:00:00.000000Z',
    adminId: '11111111-1111-4111-8111-111111111111',
    adminUsername: 'admin',
    action: 'api.update',
    targetType: 'api',
    targetId: '22222222-2222-4222-8222-222222222222',
    before: { timeoutMs: 300000 },
    after: { timeoutMs: 1000 },
    ...overrides,
  };
}

describe('AuditList', () => {
  let fixture: ComponentFixture<AuditList>;
  let http: HttpTestingController;

  beforeEach(async () => {
    configureAdminTestBed();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditList);
    await fixture.whenStable();
  });

  afterEach(verifyHttpAndReset);

  const el = () => fixture.nativeElement as HTMLElement;
  const button = (id: string) => byTestId<HTMLButtonElement>(el(), id);

  it('pages through the server’s cursors, older and back to newer', async () => {
    http
      .expectOne('/api/audit?limit=50')
      .flush({ items: [entry(3), entry(2, { adminUsername: null, action: 'admin.reset_password' })], nextCursor: 'c2' });
    await fixture.whenStable();
    expect(allByTestId(el(), 'audit-action').map((c) => c.textContent?.trim())).toEqual(['api.update', 'admin.reset_password']);
    expect(allByTestId(el(), 'audit-admin').map((c) => c.textContent?.trim())).toEqual(['admin', 'system']);
    expect(button('newer').disabled).toBe(true);

    button('older').click();
    http.expectOne('/api/audit?limit=50&cursor=c2').flush({ items: [entry(1)], nextCursor: null });
    await fixture.whenStable();
    expect(allByTestId(el(), 'audit-row')).toHaveLength(1);
    expect(button('older').disabled).toBe(true);

    button('newer').click();
    http.expectOne('/api/audit?limit=50').flush({ items: [entry(3)], nextCursor: 'c2' });
    await fixture.whenStable();
    expect(button('newer').disabled).toBe(true);
  });

  it('shows before and after of an entry', async () => {
    http.expectOne('/api/audit?limit=50').flush({ items: [entry(3)], nextCursor: null });
    await fixture.whenStable();
    byTestId(el(), 'audit-row').click();
    await fixture.whenStable();
    expect(byTestId(document.body, 'audit-before').textContent).toContain('300000');
    expect(byTestId(document.body, 'audit-after').textContent).toContain('1000');
  });

  it('says when nothing is recorded yet', async () => {
    http.expectOne('/api/audit?limit=50').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(byTestId(el(), 'audit-empty')).toBeTruthy();
  });
});
