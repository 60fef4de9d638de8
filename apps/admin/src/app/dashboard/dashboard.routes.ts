import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Dashboard · Switchyard',
    loadComponent: () => import('./dashboard-page').then((m) => m.DashboardPage),
  },
] satisfies Routes;
