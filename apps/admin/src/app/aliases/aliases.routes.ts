import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Model aliases · Switchyard',
    loadComponent: () => import('./alias-list').then((m) => m.AliasList),
  },
] satisfies Routes;
