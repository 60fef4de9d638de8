import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { RequestLogDetail, RequestLogItem } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { AUTO_REFRESH_MS, LogList } from './log-list';

function row(id: string, overrides: Partial<RequestLogItem> = {}): RequestLogItem {
  return {
    id,
    requestId: `req-${id}`,
    createdAt: '2030-01-01T12:00:00.000Z',
    userId: 'u1',
    model: 'gpt-fast',
    apiId: 'a1',
    upstreamModel: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 812,
    ttftMs: null,
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    usageSource: 'upstream',
    costUsd: 0.0012,
    errorType: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('LogList', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    configureAdminTestBed(provideRouter([{ path: 'logs', component: LogList }]));
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    vi.useRealTimers();
    verifyHttpAndReset();
  });

  async function stable(): Promise<void> {
    await harness.fixture.whenStable();
  }

  /** Opens the page and answers the user/alias look-ups. */
  async function open(url = '/logs'): Promise<void> {
    await harness.navigateByUrl(url);
    await stable();
    http.expectOne('/api/users').flush([{ id: 'u1', name: 'billing-bot' }]);
    http.expectOne('/api/aliases').flush([{ alias: 'gpt-fast' }, { alias: 'claude' }]);
  }

  function expectList(): TestRequest {
    return http.expectOne((req) => req.url === '/api/logs');
  }

  function params(req: TestRequest): Record<string, string | null> {
    return Object.fromEntries(req.request.params.keys().map((key) => [key, req.request.params.get(key)]));
  }

  function page(): HTMLElement {
    return harness.routeNativeElement as HTMLElement;
  }

  function byTestId<T extends HTMLElement = HTMLElement>(testId: string): T {
    const found = page().querySelector<T>(`[data-testid="${testId}"]`);
    if (!found) throw new Error(`no [data-testid="${testId}"]`);
    return found;
  }

  function rows(): HTMLElement[] {
    return [...page().querySelectorAll<HTMLElement>('[data-testid="log-row"]')];
  }

  it('loads the newest page and shows user names, status, latency and cost', async () => {
    await open();
    const req = expectList();
    expect(params(req)).toEqual({ limit: '50' });
    req.flush({ items: [row('1'), row('2', { statusCode: 503, stream: true, userId: 'gone-user-id' })], nextCursor: null });
    await stable();

    expect(rows()).toHaveLength(2);
    const first = rows()[0].textContent ?? '';
    expect(first).toContain('billing-bot');
    expect(first).toContain('gpt-fast');
    expect(first).toContain('812 ms');
    expect(first).toContain('$0.0012');
    expect(rows()[0].querySelector('sy-status-chip')?.className).toContain('status-2xx');
    expect(rows()[1].querySelector('sy-status-chip')?.className).toContain('status-5xx');
    expect(rows()[1].textContent).toContain('gone-use…');
    expect(byTestId<HTMLButtonElement>('page-newer').disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>('page-older').disabled).toBe(true);
  });

  it('sends the filters from the URL and carries them into the export links', async () => {
    await open('/logs?userId=u1&status=5xx&stream=true&q=timeout&limit=25&from=2030-01-01T00:00:00.000Z');

    expect(params(expectList())).toEqual({
      from: '2030-01-01T00:00:00.000Z',
      userId: 'u1',
      status: '5xx',
      q: 'timeout',
      stream: 'true',
      limit: '25',
    });
    const csv = byTestId<HTMLAnchorElement>('export-csv').getAttribute('href') ?? '';
    expect(csv).toMatch(/^\/api\/logs\/export\?/);
    expect(new URLSearchParams(csv.split('?')[1]).get('format')).toBe('csv');
    expect(new URLSearchParams(csv.split('?')[1]).get('q')).toBe('timeout');
    expect(new URLSearchParams(csv.split('?')[1]).get('userId')).toBe('u1');
    expect(byTestId('export-jsonl').getAttribute('href')).toContain('format=jsonl');
    expect(byTestId<HTMLInputElement>('filter-q').value).toBe('timeout');
  });

  it('applies the filter bar to the URL and reloads from the newest page', async () => {
    await open();
    expectList().flush({ items: [row('1')], nextCursor: null });
    await stable();

    const q = byTestId<HTMLInputElement>('filter-q');
    q.value = 'rate limit';
    q.dispatchEvent(new Event('input'));
    byTestId<HTMLButtonElement>('filter-apply').click();
    await stable();

    expect(TestBed.inject(Router).url).toBe('/logs?q=rate%20limit');
    expect(params(expectList())).toEqual({ q: 'rate limit', limit: '50' });
  });

  it('picks a status class from the select', async () => {
    await open();
    expectList().flush({ items: [], nextCursor: null });
    await stable();

    byTestId('filter-status').click();
    await stable();
    const option = [...document.querySelectorAll<HTMLElement>('mat-option')].find((o) => o.textContent?.trim() === '4xx');
    option?.click();
    byTestId<HTMLButtonElement>('filter-apply').click();
    await stable();

    expect(params(expectList())).toEqual({ status: '4xx', limit: '50' });
  });

  it('walks older and newer pages with a stack of cursors', async () => {
    await open();
    expectList().flush({ items: [row('1')], nextCursor: 'c1' });
    await stable();

    byTestId<HTMLButtonElement>('page-older').click();
    await stable();
    const older = expectList();
    expect(params(older)).toEqual({ limit: '50', cursor: 'c1' });
    older.flush({ items: [row('2')], nextCursor: 'c2' });
    await stable();

    byTestId<HTMLButtonElement>('page-older').click();
    await stable();
    const third = expectList();
    expect(params(third)).toEqual({ limit: '50', cursor: 'c2' });
    third.flush({ items: [row('3')], nextCursor: null });
    await stable();
    expect(byTestId<HTMLButtonElement>('page-older').disabled).toBe(true);
    expect(page().textContent).toContain('Page 3');

    byTestId<HTMLButtonElement>('page-newer').click();
    await stable();
    const second = expectList();
    expect(params(second)).toEqual({ limit: '50', cursor: 'c1' });
    second.flush({ items: [row('2')], nextCursor: 'c2' });
    await stable();

    byTestId<HTMLButtonElement>('page-newer').click();
    await stable();
    expect(params(expectList())).toEqual({ limit: '50' });
    expect(byTestId<HTMLButtonElement>('page-newer').disabled).toBe(true);
  });

  it('shows an empty state, worded for filters when some are set', async () => {
    await open();
    expectList().flush({ items: [], nextCursor: null });
    await stable();
    expect(byTestId('logs-empty').textContent).toContain('No requests yet');

    await harness.navigateByUrl('/logs?status=4xx');
    expectList().flush({ items: [], nextCursor: null });
    await stable();
    expect(byTestId('logs-empty').textContent).toContain('No matching requests');
  });

  it('says why the log could not be loaded', async () => {
    await open();
    expectList().flush({ statusCode: 400, message: 'cursor is not valid' }, { status: 400, statusText: 'Bad Request' });
    await stable();

    expect(byTestId('logs-error').textContent).toContain('cursor is not valid');
  });

  it('still lists requests, by user id, when the names cannot be loaded', async () => {
    await harness.navigateByUrl('/logs');
    await stable();
    http.expectOne('/api/users').flush({ statusCode: 500, message: 'boom' }, { status: 500, statusText: 'Error' });
    expect(http.expectOne('/api/aliases').cancelled).toBe(true);
    expectList().flush({ items: [row('1', { userId: '0123456789abcdef' })], nextCursor: null });
    await stable();

    expect(page().textContent).toContain('boom');
    expect(rows()[0].textContent).toContain('01234567…');
  });

  it('opens the detail panel with every field and the bodies', async () => {
    await open();
    expectList().flush({
      items: [row('1', { statusCode: 429, errorType: 'rate_limited', errorMessage: 'Too many requests' })],
      nextCursor: null,
    });
    await stable();

    rows()[0].click();
    await stable();
    const detail: RequestLogDetail = {
      ...row('1', { statusCode: 429, errorType: 'rate_limited', errorMessage: 'Too many requests' }),
      attempts: [],
      apiName: null,
      clientIp: '10.0.0.7',
      requestBody: '{"model":"gpt-fast","messages":[]}',
      responseBody: null,
      bodiesTruncated: true,
    };
    http.expectOne('/api/logs/1').flush(detail);
    await settle();
    await stable();

    const panel = document.querySelector<HTMLElement>('[data-testid="log-detail"]');
    const text = panel?.textContent ?? '';
    expect(text).toContain('req-1');
    expect(text).toContain('billing-bot');
    expect(text).toContain('gpt-4o-mini');
    expect(text).toContain('/v1/chat/completions');
    expect(text).toContain('10.0.0.7');
    expect(text).toContain('Too many requests');
    expect(text).toContain('cut to the configured maximum');
    expect(panel?.querySelector('[data-testid="request-body"]')?.textContent).toContain('"model": "gpt-fast"');
    expect(panel?.querySelector('[data-testid="response-body"]')).toBeNull();
  });

  it('reloads the newest page every 5 s while auto-refresh is on', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await open();
    expectList().flush({ items: [row('1')], nextCursor: 'c1' });
    await stable();

    byTestId('auto-refresh').querySelector('button')?.click();
    await stable();
    vi.advanceTimersByTime(AUTO_REFRESH_MS);
    const refresh = expectList();
    expect(params(refresh)).toEqual({ limit: '50' });
    refresh.flush({ items: [row('0'), row('1')], nextCursor: 'c1' });
    await stable();
    expect(rows()).toHaveLength(2);

    byTestId<HTMLButtonElement>('page-older').click();
    await stable();
    expectList().flush({ items: [row('2')], nextCursor: null });
    vi.advanceTimersByTime(AUTO_REFRESH_MS * 2);
    http.expectNone((req) => req.url === '/api/logs');
  });
});
