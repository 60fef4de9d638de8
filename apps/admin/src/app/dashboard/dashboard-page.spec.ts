import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { StatsResponse } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCE_FACTORY } from '../core/event-source-factory';
import { FakeEventSource, fakeEventSources } from '../core/testing/fake-event-source';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { DashboardPage } from './dashboard-page';

function stats(overrides: Partial<StatsResponse> = {}): StatsResponse {
  return {
    window: '24h',
    generatedAt: '2030-01-01T12:00:00.000Z',
    bucketSeconds: 3600,
    totals: { requests: 1234, errors: 62, errorRate: 0.05, promptTokens: 40000, completionTokens: 2000, costUsd: 1.5 },
    latency: { p50: 420, p95: 1800, p99: 2500 },
    ttft: { p50: 150 },
    series: [
      {
        t: '2030-01-01T10:00:00.000Z',
        requests: 600,
        errors: 30,
        p50LatencyMs: 400,
        p95LatencyMs: 1700,
        promptTokens: 1,
        completionTokens: 1,
        costUsd: 0.7,
      },
      {
        t: '2030-01-01T11:00:00.000Z',
        requests: 634,
        errors: 32,
        p50LatencyMs: null,
        p95LatencyMs: null,
        promptTokens: 1,
        completionTokens: 1,
        costUsd: 0.8,
      },
    ],
    topUsers: [{ userId: 'u1', name: 'billing-bot', requests: 1000, errors: 2, totalTokens: 30000, costUsd: 1.2 }],
    topModels: [{ model: 'gpt-fast', requests: 1234, errors: 62, totalTokens: 42000, costUsd: 1.5 }],
    ...overrides,
  };
}

const EMPTY: StatsResponse = stats({
  totals: { requests: 0, errors: 0, errorRate: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
  latency: { p50: null, p95: null, p99: null },
  ttft: { p50: null },
  series: [],
  topUsers: [],
  topModels: [],
});

describe('DashboardPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let opened: FakeEventSource[];

  beforeEach(async () => {
    const sources = fakeEventSources();
    opened = sources.opened;
    configureAdminTestBed(provideRouter([{ path: 'dashboard', component: DashboardPage }], withComponentInputBinding()), {
      provide: EVENT_SOURCE_FACTORY,
      useValue: sources.factory,
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(verifyHttpAndReset);

  async function open(url = '/dashboard'): Promise<void> {
    await harness.navigateByUrl(url);
    await harness.fixture.whenStable();
  }

  async function stable(): Promise<void> {
    await harness.fixture.whenStable();
  }

  function text(testId: string): string {
    const element = (harness.routeNativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
    return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('renders the cards, charts and top tables from the first snapshot', async () => {
    await open();
    http.expectOne('/api/stats?window=24h').flush(stats());
    await stable();

    expect(text('stat-requests')).toContain('1,234');
    expect(text('stat-requests')).toContain('62 errors');
    expect(text('stat-error-rate')).toContain('5%');
    expect(text('stat-p50')).toContain('420 ms');
    expect(text('stat-p95')).toContain('1,800 ms');
    expect(text('stat-tokens')).toContain('42,000');
    expect(text('stat-tokens')).toContain('40,000 prompt · 2,000 completion');
    expect(text('stat-cost')).toContain('$1.50');
    expect(text('top-users')).toContain('billing-bot');
    expect(text('top-models')).toContain('gpt-fast');
    const requestLine = harness.routeNativeElement?.querySelector('[data-testid="chart-requests"] path[data-series="Requests"]');
    expect(requestLine?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    expect(text('updated-at')).toMatch(/Updated \d\d:\d\d:\d\d/);
  });

  it('opens the live stream after the snapshot and updates on each message', async () => {
    await open();
    http.expectOne('/api/stats?window=24h').flush(stats());
    await stable();

    expect(opened).toHaveLength(1);
    expect(opened[0].url).toBe('/api/stats/stream?window=24h');
    expect(opened[0].init).toEqual({ withCredentials: true });
    expect(text('live-indicator')).toBe('');

    opened[0].emit(stats({ totals: { ...stats().totals, requests: 2000 } }));
    await stable();

    expect(text('stat-requests')).toContain('2,000');
    expect(text('live-indicator')).toBe('Live');
  });

  it('switches window through the URL and closes the old stream', async () => {
    await open();
    http.expectOne('/api/stats?window=24h').flush(stats());
    await stable();

    const sevenDays = harness.routeNativeElement?.querySelector<HTMLElement>('[data-testid="window-7d"] button');
    sevenDays?.click();
    await stable();

    expect(TestBed.inject(Router).url).toBe('/dashboard?window=7d');
    expect(opened[0].closed).toBe(true);
    http.expectOne('/api/stats?window=7d').flush(stats({ window: '7d' }));
    await stable();
    expect(opened[1].url).toBe('/api/stats/stream?window=7d');
  });

  it('says so when there is no traffic', async () => {
    await open('/dashboard?window=1h');
    http.expectOne('/api/stats?window=1h').flush(EMPTY);
    await stable();

    expect(text('dashboard-empty')).toContain('No traffic yet');
    expect(text('dashboard-empty')).toContain('last hour');
    expect(text('stat-p50')).toContain('–');
    expect(harness.routeNativeElement?.querySelector('sy-time-series-chart')).toBeNull();
  });

  it('shows a failed load in words and retries', async () => {
    await open();
    http
      .expectOne('/api/stats?window=24h')
      .flush({ statusCode: 503, message: 'Database is starting up' }, { status: 503, statusText: 'Unavailable' });
    await stable();

    expect(text('dashboard-error')).toContain('Database is starting up');

    harness.routeNativeElement?.querySelector<HTMLButtonElement>('[data-testid="dashboard-error"] button')?.click();
    await stable();
    http.expectOne('/api/stats?window=24h').flush(stats());
    await stable();
    expect(text('dashboard-error')).toBe('');
    expect(text('stat-requests')).toContain('1,234');
  });

  it('closes the stream when leaving the page', async () => {
    await open();
    http.expectOne('/api/stats?window=24h').flush(stats());
    await stable();

    harness.fixture.destroy();

    expect(opened[0].closed).toBe(true);
  });
});
