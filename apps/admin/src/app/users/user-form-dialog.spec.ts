import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byTestId, errorTexts, typeInto } from '../shared/testing/dom';
import { makeAlias, makeUser, makeUserWithKey } from '../shared/testing/fixtures';
import { configureAdminTestBed, verifyHttpAndReset } from '../shared/testing/material-testing';
import { UserFormDialog, UserFormDialogData } from './user-form-dialog';

describe('UserFormDialog', () => {
  let fixture: ComponentFixture<UserFormDialog>;
  let http: HttpTestingController;
  let close: ReturnType<typeof vi.fn>;

  async function open(data: UserFormDialogData = {}): Promise<void> {
    close = vi.fn();
    configureAdminTestBed({ provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserFormDialog);
    await fixture.whenStable();
    http
      .expectOne({ method: 'GET', url: '/api/aliases' })
      .flush([makeAlias({ alias: 'gpt-4o' }), makeAlias({ id: 'x', alias: 'chat-fast' })]);
    await fixture.whenStable();
  }

  afterEach(verifyHttpAndReset);

  function el(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function models(): Promise<MatSelectHarness> {
    return TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[formcontrolname="allowedModels"]' }));
  }

  async function selected(): Promise<string> {
    return (await models()).getValueText();
  }

  async function save(): Promise<void> {
    byTestId(el(), 'save-user').click();
    await fixture.whenStable();
  }

  it('requires a name and at least one model', async () => {
    await open();

    await save();

    http.expectNone('/api/users');
    expect(errorTexts(el())).toEqual(expect.arrayContaining(['Name is required', 'Pick at least one model, or All models']));
  });

  it('offers All models plus every alias', async () => {
    await open();
    const select = await models();
    await select.open();

    const options = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    expect(options).toEqual(['All models', 'chat-fast', 'gpt-4o']);
  });

  it('keeps All models exclusive: picking it clears aliases, picking an alias clears it', async () => {
    await open();
    const select = await models();

    await select.clickOptions({ text: /^(gpt-4o|chat-fast)$/ });
    expect(await selected()).toBe('chat-fast, gpt-4o');

    await select.clickOptions({ text: 'All models' });
    expect(await selected()).toBe('All models');

    await select.clickOptions({ text: 'gpt-4o' });
    expect(await selected()).toBe('gpt-4o');
  });

  it('rejects negative and fractional limits', async () => {
    await open();
    typeInto(el(), 'name', 'carol');
    await (await models()).clickOptions({ text: 'All models' });
    typeInto(el(), 'rateLimitRpm', '-1');
    typeInto(el(), 'rateLimitTpm', '1.5');
    await save();

    http.expectNone('/api/users');
    expect(errorTexts(el()).filter((e) => e === 'A whole number, 0 or more')).toHaveLength(2);
  });

  it('posts a CreateUserRequest: blank limits are null, the expiry is the end of the picked day', async () => {
    await open();
    typeInto(el(), 'name', ' carol ');
    await (await models()).clickOptions({ text: /^(gpt-4o|chat-fast)$/ });
    typeInto(el(), 'rateLimitTpm', '0');
    typeInto(el(), 'budgetUsd', '12.5');
    const period = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatSelectHarness.with({ selector: '[formcontrolname="budgetPeriod"]' }),
    );
    await period.clickOptions({ text: 'per day' });
    typeInto(el(), 'expiresAt', '12/31/2099');
    await save();

    const req = http.expectOne({ method: 'POST', url: '/api/users' });
    expect(req.request.body).toEqual({
      name: 'carol',
      allowedModels: ['chat-fast', 'gpt-4o'],
      rateLimitRpm: null,
      rateLimitTpm: 0,
      budgetUsd: 12.5,
      budgetPeriod: 'day',
      expiresAt: new Date(2099, 11, 31, 23, 59, 59, 999).toISOString(),
      enabled: true,
    });
    const created = makeUserWithKey({ name: 'carol' });
    req.flush(created);
    expect(close).toHaveBeenCalledWith(created);
  });

  it('edits without touching the key and keeps an unchanged expiry as it was', async () => {
    const user = makeUser({ allowedModels: ['gpt-4o', 'retired-alias'], rateLimitRpm: 30, expiresAt: '2099-06-01T12:00:00.000Z' });
    await open({ user });

    expect(await selected()).toBe('gpt-4o, retired-alias');
    typeInto(el(), 'rateLimitRpm', '');
    await save();

    const req = http.expectOne({ method: 'PATCH', url: `/api/users/${user.id}` });
    expect(req.request.body).toMatchObject({
      rateLimitRpm: null,
      allowedModels: ['gpt-4o', 'retired-alias'],
      expiresAt: '2099-06-01T12:00:00.000Z',
    });
    expect(req.request.body).not.toHaveProperty('apiKey');
    req.flush(user);
    expect(close).toHaveBeenCalledWith(user);
  });
});
