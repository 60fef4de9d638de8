import { Routes } from '@angular/router';
import { ComingSoon } from '../shared/coming-soon';

// Placeholder until the users and keys feature is built; replace ComingSoon with the feature's pages.
export default [
  {
    path: '',
    component: ComingSoon,
    title: 'Users & keys · Switchyard',
    data: { feature: 'Users & keys' },
  },
] satisfies Routes;
