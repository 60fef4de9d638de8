import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { sessionExpiredInterceptor } from './core/session-expired.interceptor';
import { ThemeService } from './core/theme.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // Zoneless is Angular 21's default; stated here so nobody adds zone.js back by accident.
    provideZonelessChangeDetection(),
    // Applies the stored light/dark choice before the first screen (the login page included).
    provideAppInitializer(() => {
      inject(ThemeService);
    }),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(
      withInterceptors([sessionExpiredInterceptor]),
      // The gateway sets XSRF-TOKEN on GET /api/auth/me and checks X-XSRF-TOKEN on mutating calls.
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
    ),
  ],
};
