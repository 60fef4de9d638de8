import { Routes } from '@angular/router';
import { authGuard } from './core/auth.guard';

/**
 * Everything except /login lives inside the shell and behind the auth guard. Each feature owns a
 * `<feature>.routes.ts` and is loaded lazily, so adding a page never touches this file's imports.
 */
export const routes: Routes = [
  {
    path: 'login',
    title: 'Sign in · Switchyard',
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
  },
  {
    path: '',
    loadComponent: () => import('./core/shell').then((m) => m.Shell),
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      { path: 'dashboard', loadChildren: () => import('./dashboard/dashboard.routes') },
      { path: 'apis', loadChildren: () => import('./apis/apis.routes') },
      { path: 'aliases', loadChildren: () => import('./aliases/aliases.routes') },
      { path: 'users', loadChildren: () => import('./users/users.routes') },
      { path: 'logs', loadChildren: () => import('./logs/logs.routes') },
      { path: 'settings', loadChildren: () => import('./settings/settings.routes') },
      { path: 'admins', loadChildren: () => import('./admins/admins.routes') },
      { path: 'audit', loadChildren: () => import('./audit/audit.routes') },
    ],
  },
  { path: '**', redirectTo: '' },
];
