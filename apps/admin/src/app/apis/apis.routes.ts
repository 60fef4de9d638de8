import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Upstream APIs · Switchyard',
    loadComponent: () => import('./api-list').then((m) => m.ApiList),
  },
] satisfies Routes;
