import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Request logs · Switchyard',
    loadComponent: () => import('./log-list').then((m) => m.LogList),
  },
] satisfies Routes;
