export * from './aliases';
export * from './apis';
export * from './auth';
export * from './config';
export * from './health';
export * from './logs';
export * from './stats';
export * from './users';
