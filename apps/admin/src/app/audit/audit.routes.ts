import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Audit trail · Switchyard',
    loadComponent: () => import('./audit-list').then((m) => m.AuditList),
  },
] satisfies Routes;
