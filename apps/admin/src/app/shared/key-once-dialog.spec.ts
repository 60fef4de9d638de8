import { Clipboard } from '@angular/cdk/clipboard';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyOnceDialog } from './key-once-dialog';
import { byTestId } from './testing/dom';
import { configureAdminTestBed, settle } from './testing/material-testing';

describe('KeyOnceDialog', () => {
  let copy: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    copy = vi.fn(() => true);
    configureAdminTestBed({ provide: Clipboard, useValue: { copy } });
    KeyOnceDialog.open(TestBed.inject(MatDialog), { title: 'New API key', owner: 'carol', apiKey: 'sk-sy-secret-1' });
    await settle();
  });

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  function dialog(): HTMLElement {
    return byTestId(document.body, 'key-once-dialog');
  }

  it('shows the key, its owner and the will-not-be-shown-again warning', () => {
    expect(byTestId(dialog(), 'api-key-value').textContent).toBe('sk-sy-secret-1');
    expect(dialog().textContent).toContain('carol');
    expect(dialog().querySelector('[role="alert"]')?.textContent).toContain('not be shown again');
  });

  it('copies the key and says so', async () => {
    byTestId(dialog(), 'copy-key').click();
    await settle();

    expect(copy).toHaveBeenCalledWith('sk-sy-secret-1');
    expect(byTestId(dialog(), 'copy-key').textContent).toContain('Copied');
    expect(document.body.textContent).toContain('Copied to the clipboard');
  });

  it('tells the operator to copy by hand when the browser refuses', async () => {
    copy.mockReturnValue(false);
    byTestId(dialog(), 'copy-key').click();
    await settle();

    expect(document.body.textContent).toContain('Select the text and copy it by hand');
  });

  it('ignores backdrop clicks; only the explicit button closes it', async () => {
    document.querySelector<HTMLElement>('.cdk-overlay-backdrop')?.click();
    await settle();
    expect(document.querySelector('[data-testid="key-once-dialog"]')).not.toBeNull();

    byTestId(dialog(), 'key-copied-close').click();
    await settle();
    expect(document.querySelector('[data-testid="key-once-dialog"]')).toBeNull();
  });
});
