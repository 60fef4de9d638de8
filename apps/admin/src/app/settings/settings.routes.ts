import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Settings · Switchyard',
    loadComponent: () => import('./settings-page').then((m) => m.SettingsPage),
  },
] satisfies Routes;
