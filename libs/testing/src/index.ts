export * from './fake-upstream';
export * from './test-database';
