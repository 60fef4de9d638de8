import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { ApiResponse } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { byTestId, errorTexts, typeInto } from '../shared/testing/dom';
import { makeApi, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { ApiFormDialog, ApiFormDialogData } from './api-form-dialog';

describe('ApiFormDialog', () => {
  let fixture: ComponentFixture<ApiFormDialog>;
  let http: HttpTestingController;
  let close: ReturnType<typeof vi.fn>;

  async function open(data: ApiFormDialogData = {}): Promise<void> {
    close = vi.fn();
    configureAdminTestBed({ provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiFormDialog);
    await fixture.whenStable();
    http.expectOne({ method: 'GET', url: '/api/providers' }).flush([{ name: 'openai' }, { name: 'azure-openai' }, { name: 'anthropic' }]);
    await fixture.whenStable();
  }

  afterEach(verifyHttpAndReset);

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function save(): Promise<void> {
    byTestId(el(), 'save-api').click();
    await fixture.whenStable();
  }

  async function fillRequired(): Promise<void> {
    typeInto(el(), 'name', '  openai-main ');
    typeInto(el(), 'baseUrl', 'https://api.openai.com/v1/');
    typeInto(el(), 'model', 'gpt-4o-mini');
    typeInto(el(), 'apiKey', 'sk-test-123');
    await fixture.whenStable();
  }

  describe('create', () => {
    beforeEach(() => open());

    it('does not submit an empty form and names every missing field', async () => {
      await save();

      http.expectNone('/api/apis');
      expect(errorTexts(el())).toEqual(
        expect.arrayContaining(['Name is required', 'Base URL is required', 'Model is required', 'API key is required']),
      );
      expect(close).not.toHaveBeenCalled();
    });

    it('refuses a base URL that is not http(s)', async () => {
      await fillRequired();
      typeInto(el(), 'baseUrl', 'ftp://files.example.com');
      await save();

      http.expectNone('/api/apis');
      expect(errorTexts(el()).join()).toContain('Enter an http(s) URL');
    });

    it('refuses a blank-only name and a header name with spaces', async () => {
      await fillRequired();
      typeInto(el(), 'name', '   ');
      byTestId(el(), 'add-header').click();
      await fixture.whenStable();
      typeInto(el(), 'name', 'X Bad Header', 1);
      await save();

      http.expectNone('/api/apis');
      expect(errorTexts(el())).toEqual(expect.arrayContaining(['Name is required', 'Not a valid header name']));
    });

    it('posts the form as a CreateApiRequest and closes with the created API', async () => {
      await fillRequired();
      typeInto(el(), 'timeoutMs', '60000');
      typeInto(el(), 'inputPricePerMTok', '0.15');
      typeInto(el(), 'outputPricePerMTok', '0.6');
      byTestId(el(), 'add-header').click();
      await fixture.whenStable();
      // The header row's inputs come after the API's own `name` input.
      typeInto(el(), 'name', 'OpenAI-Organization', 1);
      typeInto(el(), 'value', 'org-42');
      el().querySelector<HTMLInputElement>('[formcontrolname="allowPrivateNetwork"] input')!.click();
      await save();

      const req = http.expectOne({ method: 'POST', url: '/api/apis' });
      expect(req.request.body).toEqual({
        name: 'openai-main',
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-test-123',
        model: 'gpt-4o-mini',
        timeoutMs: 60000,
        inputPricePerMTok: 0.15,
        outputPricePerMTok: 0.6,
        extraHeaders: { 'OpenAI-Organization': 'org-42' },
        allowPrivateNetwork: true,
        enabled: true,
      });
      expect(byTestId<HTMLButtonElement>(el(), 'save-api').disabled).toBe(true);
      const created = makeApi();
      req.flush(created);

      expect(close).toHaveBeenCalledWith(created);
    });

    it('rejects the same header twice, whatever the case', async () => {
      await fillRequired();
      for (const [index, name] of ['X-Team', 'x-team'].entries()) {
        byTestId(el(), 'add-header').click();
        await fixture.whenStable();
        typeInto(el(), 'name', name, index + 1);
      }
      await save();

      http.expectNone('/api/apis');
      expect(el().textContent).toContain('Header “x-team” is given twice');
    });

    it("lists the server's validation messages in the dialog and stays open", async () => {
      await fillRequired();
      await save();

      http
        .expectOne({ method: 'POST', url: '/api/apis' })
        .flush(
          ...nestError(400, ['extraHeaders.Authorization is not allowed: the gateway sets this header itself', 'model must be shorter']),
        );
      await fixture.whenStable();

      const items = [...byTestId(el(), 'form-errors').querySelectorAll('li')].map((li) => li.textContent?.trim());
      expect(items).toEqual(['extraHeaders.Authorization is not allowed: the gateway sets this header itself', 'model must be shorter']);
      expect(close).not.toHaveBeenCalled();
      expect(byTestId<HTMLButtonElement>(el(), 'save-api').disabled).toBe(false);
      expect(document.body.textContent).toContain('Could not create the API');
    });
  });

  describe('edit', () => {
    const existing: ApiResponse = makeApi({ extraHeaders: { 'X-Team': 'core' }, timeoutMs: 120000 });

    beforeEach(() => open({ api: existing }));

    it('fills the form from the API and says a blank key keeps the stored one', () => {
      expect(el().querySelector<HTMLInputElement>('[formcontrolname="name"]')?.value).toBe('openai-main');
      expect(el().querySelector<HTMLInputElement>('[formcontrolname="value"]')?.value).toBe('core');
      expect(el().querySelector<HTMLInputElement>('[formcontrolname="apiKey"]')?.value).toBe('');
      expect(byTestId(el(), 'api-key-keep-hint').textContent).toContain('Leave blank to keep the stored key (…a1b2)');
    });

    it('sends PATCH without apiKey when the key is left blank', async () => {
      typeInto(el(), 'model', 'gpt-4o');
      await save();

      const req = http.expectOne({ method: 'PATCH', url: `/api/apis/${existing.id}` });
      expect(req.request.body).not.toHaveProperty('apiKey');
      expect(req.request.body).toMatchObject({ model: 'gpt-4o', timeoutMs: 120000, extraHeaders: { 'X-Team': 'core' } });
      req.flush({ ...existing, model: 'gpt-4o' });
      expect(close).toHaveBeenCalledWith({ ...existing, model: 'gpt-4o' });
    });

    it('sends the new key when one is typed', async () => {
      typeInto(el(), 'apiKey', 'sk-new');
      await save();

      const req = http.expectOne({ method: 'PATCH', url: `/api/apis/${existing.id}` });
      expect(req.request.body).toMatchObject({ apiKey: 'sk-new' });
      req.flush(existing);
    });
  });
});
