import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import { AuthService } from './auth.service';

/** Lets signed-in admins through; everyone else goes to /login, remembering where they were headed. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const toLogin = () => router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });

  return auth.ensureLoaded().pipe(
    map((me) => (me ? true : toLogin())),
    // Server unreachable or failing: the login page is where that can be shown and retried.
    catchError(() => of(toLogin())),
  );
};
