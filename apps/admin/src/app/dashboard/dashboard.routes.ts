import { Routes } from '@angular/router';
import { ComingSoon } from '../shared/coming-soon';

// Placeholder until the dashboard feature is built; replace ComingSoon with the feature's pages.
export default [
  {
    path: '',
    component: ComingSoon,
    title: 'Dashboard · Switchyard',
    data: { feature: 'Dashboard' },
  },
] satisfies Routes;
