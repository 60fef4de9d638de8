import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ConfigResponse, SettingSchema } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureAdminTestBed, settle, verifyHttpAndReset } from '../shared/testing/material-testing';
import { SettingsPage } from './settings-page';

const SCHEMA: SettingSchema[] = [
  { key: 'upstreamTimeoutSeconds', type: 'integer', default: 30, min: 1, max: 600, description: 'Seconds to wait for an upstream.' },
  { key: 'logRequestBodies', type: 'boolean', default: false, description: 'Store request and response bodies.' },
  { key: 'logLevel', type: 'string', default: 'info', enum: ['debug', 'info', 'warn'], description: 'Server log level.' },
  { key: 'instanceName', type: 'string', default: '', description: 'Shown in the toolbar.' },
  { key: 'costMultiplier', type: 'number', default: 1, min: 0, description: 'Applied to every cost.' },
];

const VALUES: ConfigResponse = {
  upstreamTimeoutSeconds: 45,
  logRequestBodies: true,
  logLevel: 'info',
  instanceName: 'prod',
  costMultiplier: 1,
};

describe('SettingsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    configureAdminTestBed(provideRouter([{ path: 'settings', component: SettingsPage }]));
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/settings');
    http.expectOne('/api/config/schema').flush(SCHEMA);
    http.expectOne('/api/config').flush(VALUES);
    await stable();
  });

  afterEach(verifyHttpAndReset);

  async function stable(): Promise<void> {
    await harness.fixture.whenStable();
  }

  function byTestId<T extends HTMLElement = HTMLElement>(testId: string): T {
    const found = (harness.routeNativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
    if (!found) throw new Error(`no [data-testid="${testId}"]`);
    return found;
  }

  async function type(key: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(`setting-${key}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await stable();
  }

  async function click(testId: string): Promise<void> {
    byTestId<HTMLButtonElement>(testId).click();
    await stable();
  }

  function expectPut(key: string): TestRequest {
    const req = http.expectOne(`/api/config/${key}`);
    expect(req.request.method).toBe('PUT');
    return req;
  }

  it('renders one type-appropriate control per schema entry with its current value', () => {
    expect(byTestId<HTMLInputElement>('setting-upstreamTimeoutSeconds').type).toBe('number');
    expect(byTestId<HTMLInputElement>('setting-upstreamTimeoutSeconds').value).toBe('45');
    expect(byTestId('setting-logRequestBodies').tagName).toBe('MAT-SLIDE-TOGGLE');
    expect(byTestId('setting-logRequestBodies').querySelector('button')?.getAttribute('aria-checked')).toBe('true');
    expect(byTestId('setting-logLevel').tagName).toBe('MAT-SELECT');
    expect(byTestId<HTMLInputElement>('setting-instanceName').type).toBe('text');
    expect(byTestId<HTMLInputElement>('setting-costMultiplier').type).toBe('number');

    const text = harness.routeNativeElement?.textContent ?? '';
    expect(text).toContain('Seconds to wait for an upstream.');
    expect(text).toContain('default: 30');
    expect(text).toContain('range 1 – 600');
    expect(harness.routeNativeElement?.querySelectorAll('.setting')).toHaveLength(SCHEMA.length);
  });

  it('saves one setting with a typed value and says so', async () => {
    expect(byTestId<HTMLButtonElement>('save-upstreamTimeoutSeconds').disabled).toBe(true);
    await type('upstreamTimeoutSeconds', '60');
    await click('save-upstreamTimeoutSeconds');

    const req = expectPut('upstreamTimeoutSeconds');
    expect(req.request.body).toEqual({ value: 60 });
    req.flush({ ...VALUES, upstreamTimeoutSeconds: 60 });
    await settle();
    await stable();

    expect(document.body.textContent).toContain('Saved upstreamTimeoutSeconds.');
    expect(byTestId<HTMLButtonElement>('save-upstreamTimeoutSeconds').disabled).toBe(true);
  });

  it("shows the server's 400 message under the field", async () => {
    await type('upstreamTimeoutSeconds', '500');
    await click('save-upstreamTimeoutSeconds');

    expectPut('upstreamTimeoutSeconds').flush(
      { statusCode: 400, message: 'upstreamTimeoutSeconds must be below the proxy timeout (300)' },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await stable();

    expect(byTestId('setting-error-upstreamTimeoutSeconds').textContent).toContain('must be below the proxy timeout (300)');
    expect(document.body.textContent).toContain('Could not save upstreamTimeoutSeconds');
  });

  it('validates min, max and whole numbers before sending anything', async () => {
    await type('upstreamTimeoutSeconds', '601');
    await click('save-upstreamTimeoutSeconds');
    expect(byTestId('setting-error-upstreamTimeoutSeconds').textContent).toContain('Must be at most 600.');

    await type('upstreamTimeoutSeconds', '2.5');
    await click('save-upstreamTimeoutSeconds');
    expect(byTestId('setting-error-upstreamTimeoutSeconds').textContent).toContain('Must be a whole number.');

    await type('costMultiplier', '-1');
    await click('save-costMultiplier');
    expect(byTestId('setting-error-costMultiplier').textContent).toContain('Must be at least 0.');

    http.expectNone(() => true);
  });

  it('sends booleans as booleans from the toggle', async () => {
    byTestId('setting-logRequestBodies').querySelector('button')?.click();
    await stable();
    await click('save-logRequestBodies');

    expect(expectPut('logRequestBodies').request.body).toEqual({ value: false });
  });

  it('resets a field to its default, then saves it', async () => {
    await click('reset-upstreamTimeoutSeconds');
    expect(byTestId<HTMLInputElement>('setting-upstreamTimeoutSeconds').value).toBe('30');
    expect(byTestId<HTMLButtonElement>('reset-upstreamTimeoutSeconds').disabled).toBe(true);

    await click('save-upstreamTimeoutSeconds');
    expect(expectPut('upstreamTimeoutSeconds').request.body).toEqual({ value: 30 });
  });

  it('saves every changed setting at once', async () => {
    await type('upstreamTimeoutSeconds', '90');
    await type('instanceName', 'staging');
    expect(byTestId('save-all').textContent).toContain('(2)');

    await click('save-all');
    expectPut('upstreamTimeoutSeconds').flush({ ...VALUES, upstreamTimeoutSeconds: 90 });
    expectPut('instanceName').flush({ ...VALUES, upstreamTimeoutSeconds: 90, instanceName: 'staging' });
    await settle();
    await stable();

    expect(document.body.textContent).toContain('Saved 2 settings.');
    expect(byTestId<HTMLButtonElement>('save-all').disabled).toBe(true);
  });
});

describe('SettingsPage load failure', () => {
  afterEach(verifyHttpAndReset);

  it('says why the settings could not be loaded', async () => {
    configureAdminTestBed(provideRouter([{ path: 'settings', component: SettingsPage }]));
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/settings');
    http
      .expectOne('/api/config/schema')
      .flush({ statusCode: 500, message: 'Settings table missing' }, { status: 500, statusText: 'Error' });
    // The pair is loaded together; the other half is dropped once one fails.
    expect(http.expectOne('/api/config').cancelled).toBe(true);
    await harness.fixture.whenStable();

    expect(harness.routeNativeElement?.querySelector('[data-testid="settings-error"]')?.textContent).toContain('Settings table missing');
  });
});
