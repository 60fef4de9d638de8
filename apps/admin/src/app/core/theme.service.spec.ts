import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THEME_STORAGE_KEY, ThemeService } from './theme.service';

describe('ThemeService', () => {
  const root = document.documentElement;
  const view = document.defaultView as Window;
  let systemDark: boolean;
  let changeListener: ((event: MediaQueryListEvent) => void) | null;

  beforeEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
    root.classList.remove('theme-light', 'theme-dark');
    systemDark = false;
    changeListener = null;
    // jsdom has no matchMedia; stand in for the system's colour-scheme preference.
    Object.defineProperty(view, 'matchMedia', {
      configurable: true,
      value: (query: string) => ({
        matches: query === '(prefers-color-scheme: dark)' && systemDark,
        addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) => (changeListener = listener),
        removeEventListener: () => undefined,
      }),
    });
  });

  afterEach(() => {
    delete (view as { matchMedia?: unknown }).matchMedia;
    localStorage.clear();
    root.classList.remove('theme-light', 'theme-dark');
  });

  it('follows the system preference until the admin picks a theme', () => {
    systemDark = true;
    const themes = TestBed.inject(ThemeService);

    expect(themes.choice()).toBeNull();
    expect(themes.theme()).toBe('dark');
    expect(root.classList.contains('theme-dark')).toBe(false);

    changeListener?.({ matches: false } as MediaQueryListEvent);
    expect(themes.theme()).toBe('light');
  });

  it('toggles, pins the class on <html> and remembers the pick', () => {
    const themes = TestBed.inject(ThemeService);

    themes.toggle();

    expect(themes.theme()).toBe('dark');
    expect(root.classList.contains('theme-dark')).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    themes.toggle();
    expect(root.classList.contains('theme-light')).toBe(true);
    expect(root.classList.contains('theme-dark')).toBe(false);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('restores a remembered pick on start, over the system preference', () => {
    systemDark = true;
    localStorage.setItem(THEME_STORAGE_KEY, 'light');

    const themes = TestBed.inject(ThemeService);

    expect(themes.theme()).toBe('light');
    expect(root.classList.contains('theme-light')).toBe(true);
  });

  it('goes back to the system preference when the pick is cleared', () => {
    const themes = TestBed.inject(ThemeService);
    themes.pick('dark');

    themes.pick(null);

    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(root.classList.contains('theme-dark')).toBe(false);
    expect(themes.theme()).toBe('light');
  });
});
