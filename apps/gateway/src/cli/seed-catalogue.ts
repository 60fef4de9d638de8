import type { Pool } from 'pg';

/**
 * What the seeded traffic looks like: who calls, which aliases and upstreams, at what price and speed.
 * Upstream API ids are fixed synthetic uuids (no `apis` row is created: a row needs an upstream key
 * sealed under SECRET_KEY); users are real `api_users` rows so the statistics can name them.
 */
export const SEED_USER_NAMES = [
  'seed-support-bot',
  'seed-search-backend',
  'seed-data-pipeline',
  'seed-mobile-app',
  'seed-code-review',
  'seed-sales-assistant',
  'seed-docs-qa',
  'seed-analytics-notebook',
  'seed-translation',
  'seed-email-triage',
  'seed-hr-helpdesk',
  'seed-fraud-scoring',
  'seed-marketing-copy',
  'seed-legal-summaries',
  'seed-ci-agent',
  'seed-voice-gateway',
  'seed-crm-sync',
  'seed-onboarding-tour',
  'seed-finance-close',
  'seed-research-lab',
  'seed-alice-dev',
  'seed-bob-dev',
  'seed-load-test',
  'seed-staging',
] as const;

export interface SeedRoute {
  model: string;
  apiId: string;
  upstreamModel: string;
  endpoint: string;
  /** USD per 1M tokens. */
  inputPrice: number;
  outputPrice: number;
  /** Median latency of a successful call, ms. */
  medianMs: number;
  /** Relative share of the traffic. */
  weight: number;
}

const OPENAI = '5eed0000-0000-4000-8000-000000000001';
const ANTHROPIC = '5eed0000-0000-4000-8000-000000000002';
const VLLM = '5eed0000-0000-4000-8000-000000000003';
const AZURE = '5eed0000-0000-4000-8000-000000000004';
const CHAT = '/v1/chat/completions';

// prettier-ignore
export const SEED_ROUTES: readonly SeedRoute[] = [
  { model: 'gpt-4o', apiId: OPENAI, upstreamModel: 'gpt-4o-2024-08-06', endpoint: CHAT, inputPrice: 2.5, outputPrice: 10, medianMs: 1800, weight: 18 },
  { model: 'gpt-4o', apiId: AZURE, upstreamModel: 'gpt-4o', endpoint: CHAT, inputPrice: 2.5, outputPrice: 10, medianMs: 2100, weight: 4 },
  { model: 'gpt-4o-mini', apiId: OPENAI, upstreamModel: 'gpt-4o-mini-2024-07-18', endpoint: CHAT, inputPrice: 0.15, outputPrice: 0.6, medianMs: 700, weight: 30 },
  { model: 'claude-sonnet', apiId: ANTHROPIC, upstreamModel: 'claude-sonnet-4-5', endpoint: CHAT, inputPrice: 3, outputPrice: 15, medianMs: 2500, weight: 14 },
  { model: 'claude-haiku', apiId: ANTHROPIC, upstreamModel: 'claude-haiku-4-5', endpoint: CHAT, inputPrice: 1, outputPrice: 5, medianMs: 900, weight: 10 },
  { model: 'llama-70b', apiId: VLLM, upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct', endpoint: CHAT, inputPrice: 0.6, outputPrice: 0.6, medianMs: 1200, weight: 8 },
  { model: 'o3-mini', apiId: AZURE, upstreamModel: 'o3-mini', endpoint: '/v1/responses', inputPrice: 1.1, outputPrice: 4.4, medianMs: 6000, weight: 4 },
  { model: 'embed-small', apiId: OPENAI, upstreamModel: 'text-embedding-3-small', endpoint: '/v1/embeddings', inputPrice: 0.02, outputPrice: 0, medianMs: 120, weight: 12 },
];

/** Creates the seed users that do not exist yet; returns every seed user's id, in SEED_USER_NAMES order. */
export async function ensureSeedUsers(client: Pick<Pool, 'query'>): Promise<string[]> {
  // The key is random and never shown: these users exist to be named in the statistics, not to call.
  await client.query(
    `INSERT INTO api_users (name, key_hash, key_prefix, allowed_models)
     SELECT name, encode(sha256(convert_to(gen_random_uuid()::text || name, 'UTF8')), 'hex'), 'sk-seed', '{*}'
       FROM unnest($1::text[]) AS name
     ON CONFLICT (name) DO NOTHING`,
    [SEED_USER_NAMES],
  );
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM api_users WHERE name = ANY($1::text[]) ORDER BY array_position($1::text[], name::text)',
    [SEED_USER_NAMES],
  );
  return rows.map((r) => r.id);
}
