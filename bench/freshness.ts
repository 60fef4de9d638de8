import type { StatsResponse } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import { AdminSession, quantile } from './http-timing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long after a `/v1` call returns it counts in `GET /api/stats?window=1h`: the log writer's batch
 * interval plus one statistics query over the raw partial hour. Uses a fake upstream, its own API,
 * alias and user.
 */
export async function measureFreshness(session: AdminSession, baseUrl: string, calls = 5): Promise<{ p50: number; max: number }> {
  const fake = await FakeUpstream.start();
  try {
    const api = await session.post<{ id: string }>('/api/apis', {
      name: 'bench-fake-upstream',
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-bench-upstream-0123456789',
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
    });
    await session.post('/api/aliases', { alias: 'bench-chat', apiId: api.id });
    const user = await session.post<{ apiKey: string }>('/api/users', { name: 'bench-freshness', allowedModels: ['bench-chat'] });
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const before = (await session.json<StatsResponse>('/api/stats?window=1h')).totals.requests;
      const res = await fetch(`${baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'bench-chat', messages: [{ role: 'user', content: 'How fresh are the numbers?' }] }),
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`/v1/chat/completions answered ${res.status}: ${body.slice(0, 200)}`);
      const answered = performance.now();
      while ((await session.json<StatsResponse>('/api/stats?window=1h')).totals.requests <= before) {
        if (performance.now() - answered > 10_000) throw new Error('the call did not show up in the statistics within 10 s');
        await sleep(10);
      }
      samples.push(performance.now() - answered);
    }
    samples.sort((a, b) => a - b);
    return { p50: quantile(samples, 0.5), max: samples[samples.length - 1] };
  } finally {
    await fake.close();
  }
}
