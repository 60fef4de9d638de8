import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Users & keys · Switchyard',
    loadComponent: () => import('./user-list').then((m) => m.UserList),
  },
] satisfies Routes;
