import { Routes } from '@angular/router';
import { ComingSoon } from '../shared/coming-soon';

// Placeholder until the upstream APIs feature is built; replace ComingSoon with the feature's pages.
export default [
  {
    path: '',
    component: ComingSoon,
    title: 'Upstream APIs · Switchyard',
    data: { feature: 'Upstream APIs' },
  },
] satisfies Routes;
