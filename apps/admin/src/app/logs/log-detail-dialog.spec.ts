import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import type { RequestLogDetail } from '@switchyard/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { allByTestId, byTestId } from '../shared/testing/dom';
import { makeLogDetail } from '../shared/testing/fixtures';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { LogDetailData, LogDetailDialog } from './log-detail-dialog';

describe('LogDetailDialog', () => {
  let fixture: ComponentFixture<LogDetailDialog>;

  async function open(detail: RequestLogDetail): Promise<HTMLElement> {
    const data: LogDetailData = { id: detail.id, userName: 'billing-bot' };
    configureAdminTestBed({ provide: MAT_DIALOG_DATA, useValue: data });
    fixture = TestBed.createComponent(LogDetailDialog);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne(`/api/logs/${detail.id}`).flush(detail);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(verifyHttpAndReset);

  it('lists every attempt in order and highlights the one that served the call', async () => {
    const el = await open(
      makeLogDetail({
        apiId: 'b',
        attempts: [
          { apiId: 'a', apiName: 'azure-east', statusCode: null, latencyMs: 10000, error: 'timeout after 10000 ms' },
          { apiId: 'c', apiName: 'openai-backup', statusCode: 503, latencyMs: 120, error: '503 from upstream' },
          { apiId: 'b', apiName: 'anthropic-main', statusCode: 200, latencyMs: 640, error: null },
        ],
      }),
    );

    const rows = allByTestId(byTestId(el, 'routing-trace'), 'routing-attempt');
    expect(rows.map((r) => r.querySelector('.attempt-name')?.textContent?.trim())).toEqual([
      'azure-east',
      'openai-backup',
      'anthropic-main',
    ]);
    expect(rows[0].textContent).toContain('no answer');
    expect(rows[0].textContent).toContain('10,000 ms');
    expect(rows[0].textContent).toContain('timeout after 10000 ms');
    expect(rows[1].querySelector('sy-status-chip')?.textContent?.trim()).toBe('503');
    expect(rows[1].textContent).toContain('503 from upstream');
    expect(rows[2].querySelector('sy-status-chip')?.textContent?.trim()).toBe('200');
    expect(rows.map((r) => r.classList.contains('served'))).toEqual([false, false, true]);
    expect(rows[2].getAttribute('aria-current')).toBe('true');
    expect(rows[2].textContent).toContain('served');
    expect(byTestId(el, 'log-detail').textContent).toContain('anthropic-main');
  });

  it('highlights nothing when every attempt failed', async () => {
    const el = await open(
      makeLogDetail({
        statusCode: 503,
        attempts: [{ apiId: 'a', apiName: 'azure-east', statusCode: 500, latencyMs: 90, error: '500 from upstream' }],
      }),
    );

    const rows = allByTestId(el, 'routing-attempt');
    expect(rows).toHaveLength(1);
    expect(rows[0].classList.contains('served')).toBe(false);
    expect(rows[0].textContent).not.toContain('served');
  });

  it('names the API from the detail when the first target served the call, which leaves no trace', async () => {
    const el = await open(makeLogDetail({ apiName: 'openai-main', attempts: [] }));

    expect(el.querySelector('[data-testid="routing-trace"]')).toBeNull();
    expect(byTestId(el, 'routing-first-try').textContent).toContain('Served by the first target tried');
    const fields = byTestId(el, 'log-detail').textContent ?? '';
    expect(fields).toMatch(/Upstream API\s*openai-main\s*11111111-1111-4111-8111-111111111111/);
  });

  it('claims no first-try service for a call refused before any attempt', async () => {
    const el = await open(
      makeLogDetail({ statusCode: 503, errorType: 'service_unavailable', errorMessage: 'every target is paused', attempts: [] }),
    );

    expect(el.querySelector('[data-testid="routing-first-try"]')).toBeNull();
    expect(el.querySelector('[data-testid="routing-trace"]')).toBeNull();
  });

  it('hides the routing section when the call never reached routing', async () => {
    const el = await open(makeLogDetail({ apiId: null, statusCode: 401, attempts: [] }));

    expect(el.querySelector('[data-testid="routing-trace"]')).toBeNull();
    expect(el.textContent).not.toContain('Routing');
    expect(el.querySelector('[data-testid="routing-first-try"]')).toBeNull();
    expect(el.textContent).toContain('req-1');
  });
});
