import { HttpErrorResponse, HttpInterceptorFn, HttpStatusCode } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';

/**
 * A 401 from the admin API means the session expired or was revoked: forget the admin and go to
 * /login. /api/auth/* is left alone because there 401 is an expected answer ("not signed in",
 * "wrong password") that the caller handles. The error still propagates to the caller.
 */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === HttpStatusCode.Unauthorized &&
        isAdminApi(req.url) &&
        !isAuthApi(req.url)
      ) {
        auth.clear();
        const returnUrl = router.url;
        void router.navigate(['/login'], {
          queryParams: returnUrl.startsWith('/login') ? {} : { returnUrl },
        });
      }
      return throwError(() => error);
    }),
  );
};

function isAdminApi(url: string): boolean {
  return url.startsWith('/api/');
}

function isAuthApi(url: string): boolean {
  return url.startsWith('/api/auth/');
}
