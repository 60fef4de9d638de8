import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';

export type Theme = 'light' | 'dark';

/** localStorage key holding the admin's explicit pick; absent while the system preference is followed. */
export const THEME_STORAGE_KEY = 'switchyard.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Light/dark theme, remembered per browser. Until the admin picks one the app follows the system
 * preference (the stylesheet's `color-scheme: light dark`); a pick puts `theme-light`/`theme-dark` on
 * <html>, which pins `color-scheme` and so every Material 3 `light-dark()` token.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly media = this.document.defaultView?.matchMedia?.(DARK_QUERY) ?? null;
  private readonly systemDark = signal(this.media?.matches ?? false);

  /** The admin's explicit pick, or `null` while following the system preference. */
  readonly choice = signal<Theme | null>(this.readStored());
  /** The theme in effect. */
  readonly theme = computed<Theme>(() => this.choice() ?? (this.systemDark() ? 'dark' : 'light'));

  constructor() {
    const onSystemChange = (event: MediaQueryListEvent) => this.systemDark.set(event.matches);
    this.media?.addEventListener('change', onSystemChange);
    inject(DestroyRef).onDestroy(() => this.media?.removeEventListener('change', onSystemChange));
    this.apply(this.choice());
  }

  /** Switches to the other theme and remembers that as the admin's pick. */
  toggle(): void {
    this.pick(this.theme() === 'dark' ? 'light' : 'dark');
  }

  /** Pins a theme, or `null` to follow the system preference again. */
  pick(theme: Theme | null): void {
    this.choice.set(theme);
    this.apply(theme);
    try {
      if (theme) {
        localStorage.setItem(THEME_STORAGE_KEY, theme);
      } else {
        localStorage.removeItem(THEME_STORAGE_KEY);
      }
    } catch {
      // Storage can be disabled (privacy modes); the pick then lasts for this page only.
    }
  }

  private apply(theme: Theme | null): void {
    const classes = this.document.documentElement.classList;
    classes.remove('theme-light', 'theme-dark');
    if (theme) {
      classes.add(`theme-${theme}`);
    }
  }

  private readStored(): Theme | null {
    try {
      const stored = localStorage.getItem(THEME_STORAGE_KEY);
      return stored === 'light' || stored === 'dark' ? stored : null;
    } catch {
      return null;
    }
  }
}
