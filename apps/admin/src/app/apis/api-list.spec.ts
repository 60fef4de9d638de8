import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { ApiResponse } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeApi, makeHealth, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { ApiList } from './api-list';

const SECOND = makeApi({
  id: '22222222-2222-4222-8222-222222222222',
  name: 'local-llm',
  baseUrl: 'http://10.0.0.5:8000/v1',
  model: 'llama3',
  enabled: false,
});

describe('ApiList', () => {
  let fixture: ComponentFixture<ApiList>;
  let http: HttpTestingController;

  beforeEach(() => {
    configureAdminTestBed();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiList);
  });

  afterEach(verifyHttpAndReset);

  async function load(apis: ApiResponse[]): Promise<void> {
    await fixture.whenStable();
    http.expectOne({ method: 'GET', url: '/api/apis' }).flush(apis);
    await fixture.whenStable();
  }

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function rows(): HTMLElement[] {
    return [...el().querySelectorAll<HTMLElement>('[data-testid="api-row"]')];
  }

  function overlay(): HTMLElement {
    return document.body;
  }

  function click(root: ParentNode, testId: string, index = 0): void {
    const found = root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)[index];
    if (!found) throw new Error(`no [data-testid="${testId}"]`);
    found.click();
  }

  it('shows a loading bar, then a row per API sorted by name', async () => {
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="apis-loading"]')).not.toBeNull();

    http.expectOne('/api/apis').flush([makeApi(), SECOND]);
    await fixture.whenStable();

    expect(el().querySelector('[data-testid="apis-loading"]')).toBeNull();
    expect(rows().map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['local-llm', 'openai-main']);
    const cells = rows()[1].textContent ?? '';
    expect(cells).toContain('https://api.openai.com/v1');
    expect(cells).toContain('gpt-4o-mini');
    expect(cells).toContain('…a1b2');
    expect(cells).toContain('OpenAI-compatible');
    expect(el().querySelector('[data-testid="apis-empty"]')).toBeNull();
  });

  it('shows the empty state when there are no APIs', async () => {
    await load([]);

    expect(rows()).toHaveLength(0);
    expect(el().querySelector('[data-testid="apis-empty"]')?.textContent).toContain('No upstream APIs yet');
  });

  it('says in words when the list cannot be loaded, and retries', async () => {
    await fixture.whenStable();
    http.expectOne('/api/apis').flush(...nestError(500, 'Internal server error'));
    await fixture.whenStable();

    expect(el().querySelector('[data-testid="apis-load-error"]')?.textContent).toContain('Internal server error');
    expect(el().querySelector('[data-testid="apis-empty"]')).toBeNull();

    click(el(), 'retry');
    await load([makeApi()]);
    expect(rows()).toHaveLength(1);
  });

  it('filters rows by the text in the filter box', async () => {
    await load([makeApi(), SECOND]);

    const input = el().querySelector<HTMLInputElement>('[data-testid="api-filter"]')!;
    input.value = 'LLAMA';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();

    expect(rows().map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['local-llm']);

    input.value = 'nothing-like-this';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(rows()).toHaveLength(0);
    expect(el().querySelector('[data-testid="apis-no-match"]')?.textContent).toContain('nothing-like-this');
  });

  it('sends PATCH {enabled} when the toggle is flipped and reports success', async () => {
    await load([makeApi()]);

    el().querySelector<HTMLButtonElement>('[data-testid="api-enabled-toggle"] button')!.click();
    const req = http.expectOne({ method: 'PATCH', url: '/api/apis/11111111-1111-4111-8111-111111111111' });
    expect(req.request.body).toEqual({ enabled: false });
    req.flush(makeApi({ enabled: false }));
    await fixture.whenStable();

    expect(overlay().textContent).toContain('API “openai-main” disabled');
    expect(el().querySelector('[data-testid="api-enabled-toggle"] button')?.getAttribute('aria-checked')).toBe('false');
  });

  it('puts the toggle back and says why when the PATCH fails', async () => {
    await load([makeApi()]);

    el().querySelector<HTMLButtonElement>('[data-testid="api-enabled-toggle"] button')!.click();
    http
      .expectOne({ method: 'PATCH', url: '/api/apis/11111111-1111-4111-8111-111111111111' })
      .flush(...nestError(404, 'API 1111 not found'));
    await fixture.whenStable();

    expect(overlay().textContent).toContain('Could not disable API “openai-main”: API 1111 not found');
    expect(el().querySelector('[data-testid="api-enabled-toggle"] button')?.getAttribute('aria-checked')).toBe('true');
  });

  it('deletes only after confirmation and removes the row', async () => {
    await load([makeApi(), SECOND]);

    click(el(), 'delete-api', 1);
    await fixture.whenStable();
    expect(overlay().querySelector('[data-testid="confirm-dialog"]')?.textContent).toContain('openai-main');
    http.expectNone({ method: 'DELETE' });

    click(overlay(), 'confirm');
    await settle();
    http
      .expectOne({ method: 'DELETE', url: '/api/apis/11111111-1111-4111-8111-111111111111' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(rows().map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['local-llm']);
    expect(overlay().textContent).toContain('API “openai-main” deleted');
  });

  it('does nothing when the delete is cancelled', async () => {
    await load([makeApi()]);

    click(el(), 'delete-api');
    await fixture.whenStable();
    click(overlay(), 'cancel');
    await settle();

    http.expectNone({ method: 'DELETE' });
    expect(rows()).toHaveLength(1);
  });

  it("shows the server's 409 message when aliases still use the API", async () => {
    await load([makeApi()]);

    click(el(), 'delete-api');
    await fixture.whenStable();
    click(overlay(), 'confirm');
    await settle();
    const message = 'API "openai-main" is used by aliases "fast", "gpt-4o"; remove it from them first';
    http.expectOne({ method: 'DELETE', url: '/api/apis/11111111-1111-4111-8111-111111111111' }).flush(...nestError(409, message));
    await fixture.whenStable();

    await vi.waitFor(() => expect(overlay().querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain(message));
    expect(rows()).toHaveLength(1);
  });

  it('runs the connection test and shows its outcome', async () => {
    await load([makeApi()]);

    click(el(), 'test-connection');
    await fixture.whenStable();
    expect(overlay().querySelector('[data-testid="api-test-running"]')).not.toBeNull();
    http.expectOne({ method: 'POST', url: '/api/apis/11111111-1111-4111-8111-111111111111/test' }).flush({
      ok: false,
      status: 401,
      latencyMs: 87,
      models: [],
      modelFound: null,
      error: 'Upstream answered 401: invalid api key',
    });
    await fixture.whenStable();

    const dialog = overlay().querySelector<HTMLElement>('[data-testid="api-test-dialog"]')!;
    expect(dialog.querySelector('[data-testid="api-test-outcome"]')?.textContent).toContain('Connection failed');
    expect(dialog.querySelector('[data-testid="api-test-status"]')?.textContent).toContain('401');
    expect(dialog.querySelector('[data-testid="api-test-latency"]')?.textContent).toContain('87 ms');
    expect(dialog.querySelector('[data-testid="api-test-error"]')?.textContent).toContain('invalid api key');
  });

  it('shows the breaker state of each API as a health chip', async () => {
    const opened = new Date(Date.now() - 3 * 60_000).toISOString();
    const health = [
      makeHealth(),
      makeHealth({ consecutiveFailures: 2, reason: '503 from upstream' }),
      makeHealth({ state: 'open', since: opened, consecutiveFailures: 5, reason: 'connection refused' }),
      makeHealth({ state: 'half-open', since: opened, consecutiveFailures: 5, reason: 'connection refused' }),
    ];
    await load(health.map((h, i) => makeApi({ id: `id-${i}`, name: `api-${i}`, health: h })));

    const chips = rows().map((r) => r.querySelector<HTMLElement>('[data-testid="api-health"]')!);
    expect(chips.map((c) => c.textContent?.trim())).toEqual(['Healthy', 'Failing (2)', 'Out — connection refused', 'Probing']);
    expect(chips.map((c) => c.dataset['state'])).toEqual(['healthy', 'failing', 'out', 'probing']);
    expect(rows()[2].querySelector('[data-testid="api-health-since"]')?.textContent).toContain('since 3 min ago');
    expect(rows()[0].querySelector('[data-testid="api-health-since"]')).toBeNull();
  });

  it('opens the breaker history when the health chip is clicked', async () => {
    const history = [
      { at: '2030-01-01T12:05:00.000Z', state: 'open' as const, reason: '503 from upstream' },
      { at: '2030-01-01T12:04:30.000Z', state: 'half-open' as const, reason: null },
    ];
    await load([
      makeApi({
        health: makeHealth({ state: 'open', since: history[0].at, consecutiveFailures: 6, reason: '503 from upstream', history }),
      }),
    ]);

    click(el(), 'api-health');
    await fixture.whenStable();

    const dialog = overlay().querySelector<HTMLElement>('[data-testid="api-health-dialog"]')!;
    expect(dialog.querySelector('[data-testid="api-health-state"]')?.textContent).toContain('Open');
    const events = [...dialog.querySelectorAll('[data-testid="api-health-event"]')].map((r) => r.textContent ?? '');
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('open');
    expect(events[0]).toContain('503 from upstream');
    expect(events[1]).toContain('half-open');
  });
});
