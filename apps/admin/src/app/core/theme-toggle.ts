import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ThemeService } from './theme.service';

/** Toolbar button that switches between the light and dark theme. */
@Component({
  selector: 'sy-theme-toggle',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <button
      matIconButton
      type="button"
      data-testid="theme-toggle"
      [attr.aria-label]="label()"
      [matTooltip]="label()"
      [attr.aria-pressed]="dark()"
      (click)="toggleTheme()"
    >
      <mat-icon>{{ dark() ? 'light_mode' : 'dark_mode' }}</mat-icon>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThemeToggle {
  private readonly themes = inject(ThemeService);

  protected readonly dark = computed(() => this.themes.theme() === 'dark');
  protected readonly label = computed(() => (this.dark() ? 'Switch to light theme' : 'Switch to dark theme'));

  protected toggleTheme(): void {
    this.themes.toggle();
  }
}
