import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import type { ProviderInfo } from '@switchyard/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byTestId, typeInto } from '../shared/testing/dom';
import { makeApi, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { ApiFormDialog, ApiFormDialogData } from './api-form-dialog';

/** The API form's provider-specific parts: options from GET /api/providers, hints, Azure's API version. */
describe('ApiFormDialog providers', () => {
  let fixture: ComponentFixture<ApiFormDialog>;
  let http: HttpTestingController;

  async function open(providers: ProviderInfo[] | 'fail', data: ApiFormDialogData = {}): Promise<void> {
    configureAdminTestBed({ provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close: vi.fn() } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiFormDialog);
    await fixture.whenStable();
    const req = http.expectOne({ method: 'GET', url: '/api/providers' });
    if (providers === 'fail') {
      req.flush(...nestError(500, 'Internal server error'));
    } else {
      req.flush(providers);
    }
    await fixture.whenStable();
  }

  afterEach(verifyHttpAndReset);

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function providerSelect(): Promise<MatSelectHarness> {
    return TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[formcontrolname="provider"]' }));
  }

  async function optionTexts(): Promise<string[]> {
    const select = await providerSelect();
    await select.open();
    const texts = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    await select.close();
    return texts;
  }

  async function chooseProvider(label: RegExp): Promise<void> {
    await (await providerSelect()).clickOptions({ text: label });
    await fixture.whenStable();
  }

  async function fillRequired(): Promise<void> {
    typeInto(el(), 'name', 'azure-east');
    typeInto(el(), 'baseUrl', 'https://contoso.openai.azure.com');
    typeInto(el(), 'model', 'gpt4o-prod');
    typeInto(el(), 'apiKey', 'azure-key-1');
    await fixture.whenStable();
  }

  it("offers the gateway's providers, with labels for known names and a module's name as it is", async () => {
    await open([{ name: 'openai' }, { name: 'anthropic' }, { name: 'example-echo' }]);

    expect(await optionTexts()).toEqual(['OpenAI-compatible', 'Anthropic', 'example-echo']);
    expect(el().querySelector('[data-testid="providers-fallback"]')).toBeNull();
  });

  it('falls back to the built-in providers and says so when the list cannot be loaded', async () => {
    await open('fail');

    expect(await optionTexts()).toEqual(['OpenAI-compatible', 'Azure OpenAI', 'Anthropic']);
    expect(byTestId(el(), 'providers-fallback').textContent).toContain('built-in');
  });

  it('shows the hints of the selected provider', async () => {
    await open([{ name: 'openai' }, { name: 'azure-openai' }, { name: 'anthropic' }]);
    expect(byTestId(el(), 'base-url-hint').textContent).toContain('/v1');

    await chooseProvider(/Azure/);
    expect(byTestId(el(), 'base-url-hint').textContent).toContain('https://NAME.openai.azure.com');
    expect(byTestId(el(), 'model-hint').textContent).toContain('deployment name');

    await chooseProvider(/Anthropic/);
    expect(byTestId(el(), 'base-url-hint').textContent).toContain('https://api.anthropic.com');
    expect(byTestId(el(), 'model-hint').textContent).toContain('claude-');
  });

  it('shows the API version field only for Azure and sends what was typed', async () => {
    await open([{ name: 'openai' }, { name: 'azure-openai' }]);
    expect(el().querySelector('[data-testid="api-version-field"]')).toBeNull();

    await chooseProvider(/Azure/);
    expect(el().querySelector('[data-testid="api-version-field"]')).not.toBeNull();
    await fillRequired();
    typeInto(el(), 'apiVersion', ' 2024-10-21 ');
    byTestId(el(), 'save-api').click();
    await fixture.whenStable();

    const req = http.expectOne({ method: 'POST', url: '/api/apis' });
    expect(req.request.body).toMatchObject({ provider: 'azure-openai', model: 'gpt4o-prod', apiVersion: '2024-10-21' });
    req.flush(makeApi({ provider: 'azure-openai', apiVersion: '2024-10-21' }));
  });

  it('leaves apiVersion out of a create when it is blank (the default)', async () => {
    await open([{ name: 'azure-openai' }]);
    await chooseProvider(/Azure/);
    await fillRequired();
    byTestId(el(), 'save-api').click();
    await fixture.whenStable();

    const req = http.expectOne({ method: 'POST', url: '/api/apis' });
    expect(req.request.body).toMatchObject({ provider: 'azure-openai' });
    expect(req.request.body).not.toHaveProperty('apiVersion');
    req.flush(makeApi({ provider: 'azure-openai' }));
  });

  it('fills the stored version on edit and sends null when it is cleared', async () => {
    const existing = makeApi({ provider: 'azure-openai', apiVersion: '2024-06-01', baseUrl: 'https://contoso.openai.azure.com' });
    await open([{ name: 'openai' }, { name: 'azure-openai' }], { api: existing });

    expect(el().querySelector<HTMLInputElement>('[formcontrolname="apiVersion"]')?.value).toBe('2024-06-01');
    typeInto(el(), 'apiVersion', '');
    byTestId(el(), 'save-api').click();
    await fixture.whenStable();

    const req = http.expectOne({ method: 'PATCH', url: `/api/apis/${existing.id}` });
    expect(req.request.body).toMatchObject({ provider: 'azure-openai', apiVersion: null });
    req.flush(existing);
  });

  it("keeps an API's provider selectable on edit even when the gateway no longer lists it", async () => {
    await open([{ name: 'openai' }], { api: makeApi({ provider: 'retired-module' }) });

    expect(await optionTexts()).toEqual(['OpenAI-compatible', 'retired-module']);
  });
});
