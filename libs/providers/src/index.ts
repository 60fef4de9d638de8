export * from './openai.adapter';
export * from './provider-adapter';
export * from './types';
