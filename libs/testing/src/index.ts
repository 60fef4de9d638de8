export * from './fake-upstream';
export * from './test-database';
export * from './fake-copy';
export * from './answer-once';
