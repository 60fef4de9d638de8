import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allByTestId, byTestId, errorTexts, typeInto } from '../shared/testing/dom';
import { makeAlias, makeApi, nestError } from '../shared/testing/fixtures';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { AliasFormDialog, AliasFormDialogData } from './alias-form-dialog';

const MAIN = makeApi();
const LOCAL = makeApi({ id: '22222222-2222-4222-8222-222222222222', name: 'local-llm', model: 'llama3', enabled: false });

describe('AliasFormDialog', () => {
  let fixture: ComponentFixture<AliasFormDialog>;
  let http: HttpTestingController;
  let close: ReturnType<typeof vi.fn>;

  async function open(data: AliasFormDialogData = {}, apis = [MAIN, LOCAL]): Promise<void> {
    close = vi.fn();
    configureAdminTestBed({ provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AliasFormDialog);
    await fixture.whenStable();
    http.expectOne({ method: 'GET', url: '/api/apis' }).flush(apis);
    await fixture.whenStable();
  }

  afterEach(verifyHttpAndReset);

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function apiSelect(index: number): Promise<MatSelectHarness> {
    return TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatSelectHarness.with({ selector: `[data-testid="target-row"]:nth-of-type(${index + 1}) mat-select` }),
    );
  }

  async function save(): Promise<void> {
    byTestId(el(), 'save-alias').click();
    await fixture.whenStable();
  }

  it('starts with one empty target row and offers every API', async () => {
    await open();

    expect(allByTestId(el(), 'target-row')).toHaveLength(1);
    const select = await apiSelect(0);
    await select.open();
    const options = await select.getOptions();
    expect(await Promise.all(options.map((o) => o.getText()))).toEqual(['openai-main · gpt-4o-mini', 'local-llm · llama3 (disabled)']);
  });

  it('requires an alias name and an API for each target', async () => {
    await open();

    await save();

    http.expectNone('/api/aliases');
    expect(errorTexts(el())).toEqual(expect.arrayContaining(['Alias is required', 'Pick an API']));
  });

  it('refuses an alias with spaces', async () => {
    await open();
    typeInto(el(), 'alias', 'gpt 4o');
    await save();

    http.expectNone('/api/aliases');
    expect(errorTexts(el())).toContain('Only letters, digits and . _ : / - (no spaces)');
  });

  it('needs at least one target', async () => {
    await open();
    typeInto(el(), 'alias', 'gpt-4o');
    byTestId(el(), 'remove-target').click();
    await fixture.whenStable();

    await save();

    http.expectNone('/api/aliases');
    expect(allByTestId(el(), 'target-row')).toHaveLength(0);
    expect(byTestId(el(), 'targets-error').textContent).toContain('Add at least one target API');
  });

  it('refuses the same API twice', async () => {
    await open();
    typeInto(el(), 'alias', 'gpt-4o');
    byTestId(el(), 'add-target').click();
    await fixture.whenStable();
    await (await apiSelect(0)).clickOptions({ text: /openai-main/ });
    await (await apiSelect(1)).clickOptions({ text: /openai-main/ });

    await save();

    http.expectNone('/api/aliases');
    expect(byTestId(el(), 'targets-error').textContent).toContain('Each API can be a target only once');
  });

  it('posts alias, strategy and targets with weight and priority', async () => {
    await open();
    typeInto(el(), 'alias', ' chat-fast ');
    typeInto(el(), 'description', 'Cheap first');
    const strategy = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatSelectHarness.with({ selector: '[formcontrolname="strategy"]' }),
    );
    await strategy.clickOptions({ text: /Weighted/ });
    await (await apiSelect(0)).clickOptions({ text: /openai-main/ });
    typeInto(el(), 'weight', '3');
    byTestId(el(), 'add-target').click();
    await fixture.whenStable();
    await (await apiSelect(1)).clickOptions({ text: /local-llm/ });
    typeInto(el(), 'priority', '1', 1);

    await save();

    const req = http.expectOne({ method: 'POST', url: '/api/aliases' });
    expect(req.request.body).toEqual({
      alias: 'chat-fast',
      description: 'Cheap first',
      strategy: 'weighted',
      enabled: true,
      targets: [
        { apiId: MAIN.id, weight: 3, priority: 0 },
        { apiId: LOCAL.id, weight: 1, priority: 1 },
      ],
    });
    const created = makeAlias({ alias: 'chat-fast' });
    req.flush(created);
    expect(close).toHaveBeenCalledWith(created);
  });

  it('edits: fills the rows and PATCHes the alias', async () => {
    const existing = makeAlias();
    await open({ alias: existing });

    expect(el().querySelector<HTMLInputElement>('[formcontrolname="alias"]')?.value).toBe('gpt-4o');
    expect(await (await apiSelect(0)).getValueText()).toContain('openai-main');
    typeInto(el(), 'description', 'Renamed');
    await save();

    const req = http.expectOne({ method: 'PATCH', url: `/api/aliases/${existing.id}` });
    expect(req.request.body).toMatchObject({ description: 'Renamed', targets: [{ apiId: MAIN.id, weight: 1, priority: 0 }] });
    req.flush(...nestError(409, 'alias "gpt-4o" already exists'));
    await fixture.whenStable();

    expect(byTestId(el(), 'form-errors').textContent).toContain('alias "gpt-4o" already exists');
    expect(close).not.toHaveBeenCalled();
  });

  it('says when there is no API to route to', async () => {
    await open({}, []);

    expect(byTestId(el(), 'no-apis').textContent).toContain('There are no upstream APIs yet');
  });
});
