export { FakeUpstream } from './server';
export type { FakeBehavior, FakeUpstreamOptions, RecordedRequest, SetBehaviorOptions } from './types';
export { DEFAULT_MODELS, EMBEDDING_DIMENSIONS, TINY_PNG_BASE64, fakeEmbedding } from './openai-misc';
export { FAKE_CREATED } from './text';
