import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AliasResponse } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allByTestId, byTestId } from '../shared/testing/dom';
import { makeAlias, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { AliasList } from './alias-list';

const WEIGHTED = makeAlias({
  id: '44444444-4444-4444-8444-444444444444',
  alias: 'chat-fast',
  description: '',
  strategy: 'weighted',
  enabled: false,
  targets: [
    { apiId: '11111111-1111-4111-8111-111111111111', apiName: 'openai-main', weight: 3, priority: 0 },
    { apiId: '22222222-2222-4222-8222-222222222222', apiName: 'local-llm', weight: 1, priority: 1 },
  ],
});

describe('AliasList', () => {
  let fixture: ComponentFixture<AliasList>;
  let http: HttpTestingController;

  beforeEach(() => {
    configureAdminTestBed();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AliasList);
  });

  afterEach(verifyHttpAndReset);

  async function load(aliases: AliasResponse[]): Promise<void> {
    await fixture.whenStable();
    expect(byTestId(el(), 'aliases-loading')).toBeTruthy();
    http.expectOne({ method: 'GET', url: '/api/aliases' }).flush(aliases);
    await fixture.whenStable();
  }

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function rows(): HTMLElement[] {
    return allByTestId(el(), 'alias-row');
  }

  it('renders a row per alias with its targets as chips', async () => {
    await load([makeAlias(), WEIGHTED]);

    expect(el().querySelector('[data-testid="aliases-loading"]')).toBeNull();
    expect(rows()).toHaveLength(2);
    const [fast, gpt] = rows();
    expect(fast.textContent).toContain('chat-fast');
    expect(fast.textContent).toContain('Weighted');
    expect(allByTestId(fast, 'target-chip').map((c) => c.textContent?.trim())).toEqual(['openai-main (w:3, p:0)', 'local-llm (w:1, p:1)']);
    expect(gpt.textContent).toContain('Main chat model');
    expect(allByTestId(gpt, 'target-chip').map((c) => c.textContent?.trim())).toEqual(['openai-main (w:1, p:0)']);
    expect(el().querySelector('[data-testid="aliases-empty"]')).toBeNull();
  });

  it('shows the empty state when there are no aliases', async () => {
    await load([]);

    expect(rows()).toHaveLength(0);
    expect(byTestId(el(), 'aliases-empty').textContent).toContain('No model aliases yet');
  });

  it('sends PATCH {enabled} when the toggle is flipped', async () => {
    await load([WEIGHTED]);

    byTestId(el(), 'alias-enabled-toggle').querySelector('button')!.click();
    const req = http.expectOne({ method: 'PATCH', url: `/api/aliases/${WEIGHTED.id}` });
    expect(req.request.body).toEqual({ enabled: true });
    req.flush({ ...WEIGHTED, enabled: true });
    await fixture.whenStable();

    expect(document.body.textContent).toContain('Alias “chat-fast” enabled');
  });

  it('deletes after confirmation and says so', async () => {
    await load([makeAlias()]);

    byTestId(el(), 'delete-alias').click();
    await fixture.whenStable();
    expect(byTestId(document.body, 'confirm-dialog').textContent).toContain('gpt-4o');
    byTestId(document.body, 'confirm').click();
    await settle();
    http
      .expectOne({ method: 'DELETE', url: '/api/aliases/33333333-3333-4333-8333-333333333333' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(rows()).toHaveLength(0);
    expect(document.body.textContent).toContain('Alias “gpt-4o” deleted');
  });

  it('reports a failed delete in words and keeps the row', async () => {
    await load([makeAlias()]);

    byTestId(el(), 'delete-alias').click();
    await fixture.whenStable();
    byTestId(document.body, 'confirm').click();
    await settle();
    http.expectOne({ method: 'DELETE' }).flush(...nestError(404, 'alias 3333 not found'));
    await fixture.whenStable();

    expect(rows()).toHaveLength(1);
    expect(document.body.textContent).toContain('Could not delete alias “gpt-4o”: alias 3333 not found');
  });
});
