import { Routes } from '@angular/router';
import { ComingSoon } from '../shared/coming-soon';

// Placeholder until the model aliases feature is built; replace ComingSoon with the feature's pages.
export default [
  {
    path: '',
    component: ComingSoon,
    title: 'Model aliases · Switchyard',
    data: { feature: 'Model aliases' },
  },
] satisfies Routes;
