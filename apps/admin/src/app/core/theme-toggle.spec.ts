import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThemeToggle } from './theme-toggle';
import { THEME_STORAGE_KEY } from './theme.service';

describe('ThemeToggle', () => {
  beforeEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });
  afterEach(() => {
    localStorage.clear();
    document.documentElement.classList.remove('theme-light', 'theme-dark');
  });

  it('switches theme on click, persists it and updates its label', async () => {
    const fixture = TestBed.createComponent(ThemeToggle);
    await fixture.whenStable();
    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="theme-toggle"]');
    expect(button?.getAttribute('aria-label')).toBe('Switch to dark theme');

    button?.click();
    await fixture.whenStable();

    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
    expect(button?.getAttribute('aria-label')).toBe('Switch to light theme');
    expect(button?.textContent).toContain('light_mode');
  });
});
