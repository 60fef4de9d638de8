import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Admins · Switchyard',
    loadComponent: () => import('./admin-list').then((m) => m.AdminList),
  },
] satisfies Routes;
