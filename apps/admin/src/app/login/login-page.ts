import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { httpErrorMessage } from '../shared/http-error-message';

@Component({
  selector: 'sy-login-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule],
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** Where to go after signing in (query parameter, set by the auth guard). */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly errorMessage = signal<string | null>(null);

  ngOnInit(): void {
    // Someone already signed in (bookmark, back button) skips the form. The same call also lets the
    // server (re)issue the XSRF-TOKEN cookie before any mutating request.
    this.auth
      .loadMe()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (me) => {
          if (me) {
            this.goToReturnUrl();
          }
        },
        // The server being down surfaces when the admin submits; nothing to show yet.
        error: () => undefined,
      });
  }

  protected signIn(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.errorMessage.set(null);
    this.auth
      .login(this.form.getRawValue())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => this.goToReturnUrl(),
        error: (error: unknown) => {
          this.submitting.set(false);
          this.errorMessage.set(httpErrorMessage(error, 'Sign-in failed. Please try again.'));
        },
      });
  }

  private goToReturnUrl(): void {
    void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }
}

/** Only in-app paths; anything else (absolute or protocol-relative URLs, /login itself) → home. */
function safeReturnUrl(url: string | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/login')) {
    return '/';
  }
  return url;
}
