import { SpendTracker } from '../src/users/spend-tracker.service';
import { errorJson, ProxyFixture, startProxyFixture } from './support/proxy-fixture';

describe('/v1 token limits and budgets (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture();
  });

  afterAll(async () => {
    await f.close();
  });

  beforeEach(() => f.fake.reset());

  async function userWith(name: string, fields: Record<string, unknown>, models = ['chat']): Promise<{ id: string; key: string }> {
    const res = await f.admin.post('/api/users', { name, allowedModels: models, ...fields });
    expect(res.status).toBe(201);
    return { id: res.body.id, key: res.body.apiKey };
  }

  const chat = (key: string, body: Record<string, unknown>, signal?: AbortSignal) =>
    fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // 32 characters of messages JSON: the gateway estimates 8 prompt tokens.
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], ...body }),
      signal,
    });

  it('reserves prompt + max_tokens up front, so a burst of streams cannot overshoot the TPM limit', async () => {
    const { key } = await userWith('tpm-burst', { rateLimitTpm: 100 });
    f.fake.setBehavior({ kind: 'stream-hold', firstChunks: 1 });
    // Each call reserves 8 + 40 = 48 tokens: two fit in 100, the third would overshoot.
    const first = await chat(key, { stream: true, max_tokens: 40 });
    const second = await chat(key, { stream: true, max_tokens: 40 });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('100');
    const third = await chat(key, { stream: true, max_tokens: 40 });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).not.toBeNull();
    const body = await errorJson(third);
    expect(body.error.code).toBe('rate_limit_exceeded');
    expect(body.error.message).toMatch(/tokens per minute/);
    expect(f.fake.requests).toHaveLength(2);

    f.fake.release();
    await Promise.all([first.text(), second.text()]);
    // Settled with the real (small) usage: the unused reservation is given back.
    const after = await chat(key, { max_tokens: 40 });
    expect(after.status).toBe(200);
  });

  it('refuses at once a request whose max_tokens alone exceeds the limit', async () => {
    const { key } = await userWith('tpm-huge', { rateLimitTpm: 50 });
    const res = await chat(key, { max_tokens: 500 });
    expect(res.status).toBe(429);
    expect((await errorJson(res)).error.param).toBe('max_tokens');
    expect(f.fake.requests).toHaveLength(0);
  });

  it('refuses with 429 insufficient_quota once the budget is spent, naming the budget; spentUsd shows in /api/users', async () => {
    const api = await f.admin.post('/api/apis', {
      name: 'pricey',
      provider: 'openai',
      baseUrl: `${f.fake.url}/v1`,
      allowPrivateNetwork: true,
      apiKey: 'sk-pricey-upstream',
      model: 'gpt-4o-mini',
      inputPricePerMTok: 999_999,
      outputPricePerMTok: 999_999,
    });
    await f.admin.post('/api/aliases', { alias: 'pricey', apiId: api.body.id });
    const { id, key } = await userWith('budgeted', { budgetUsd: 1, budgetPeriod: 'day' }, ['pricey']);
    const call = () => chat(key, { model: 'pricey' });

    const first = await call(); // a few tokens at about $1 each: over the $1 budget
    expect(first.status).toBe(200);
    await first.text();
    const refused = await call();
    expect(refused.status).toBe(429);
    const body = await errorJson(refused);
    expect(body.error.code).toBe('insufficient_quota');
    expect(body.error.type).toBe('insufficient_quota');
    expect(body.error.message).toMatch(/\$1\.00 per day/);
    expect(f.fake.requests).toHaveLength(1);

    await f.t.app.get(SpendTracker).flush();
    const user = await f.admin.get(`/api/users/${id}`);
    expect(user.body.spentUsd).toBeGreaterThan(1);
    const rows: { last_used_at: Date | null }[] = await f.t.dataSource.query('SELECT last_used_at FROM api_users WHERE id = $1', [id]);
    expect(rows[0].last_used_at).not.toBeNull();
  });

  it('keeps refusing after the snapshot reloads (the spend was written to the database)', async () => {
    const api = await f.admin.post('/api/apis', {
      name: 'pricey-2',
      provider: 'openai',
      baseUrl: `${f.fake.url}/v1`,
      allowPrivateNetwork: true,
      apiKey: 'sk-pricey-upstream',
      model: 'gpt-4o-mini',
      inputPricePerMTok: 999_999,
    });
    await f.admin.post('/api/aliases', { alias: 'pricey-2', apiId: api.body.id });
    const { key } = await userWith('budgeted-2', { budgetUsd: 0.5, budgetPeriod: 'total' }, ['pricey-2']);
    expect((await chat(key, { model: 'pricey-2' })).status).toBe(200);
    await f.t.app.get(SpendTracker).flush();
    // Any admin write reloads the snapshot from the database.
    await f.admin.post('/api/users', { name: 'unrelated', allowedModels: [] });
    const refused = await chat(key, { model: 'pricey-2' });
    expect(refused.status).toBe(429);
    expect((await errorJson(refused)).error.message).toMatch(/in total/);
  });
});
