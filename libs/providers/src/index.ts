export * from './anthropic.adapter';
export * from './anthropic-stream';
export * from './azure-openai.adapter';
export * from './openai.adapter';
export * from './provider-adapter';
export * from './provider-registry';
export * from './providers.module';
export * from './types';
