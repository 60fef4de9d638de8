import { Routes } from '@angular/router';
import { ComingSoon } from '../shared/coming-soon';

// Placeholder until the request logs feature is built; replace ComingSoon with the feature's pages.
export default [
  {
    path: '',
    component: ComingSoon,
    title: 'Request logs · Switchyard',
    data: { feature: 'Request logs' },
  },
] satisfies Routes;
