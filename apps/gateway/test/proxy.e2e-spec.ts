import { LogWriter } from '../src/logs/log-writer.service';
import { ProxyFixture, startProxyFixture, UPSTREAM_KEY } from './support/proxy-fixture';

describe('/v1 proxy with the official openai SDK (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture();
  });

  afterAll(async () => {
    await f.close();
  });

  beforeEach(() => f.fake.reset());

  it('relays a non-stream chat completion: upstream model and key swapped in, usage and cost logged', async () => {
    const { data, response } = await f.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hello there' }], temperature: 0.3 })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Echo: hello there');
    expect(data.model).toBe('gpt-4o-mini');
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^req_[0-9a-f]{24}$/);
    expect(response.headers.get('x-upstream-request-id')).toMatch(/^req_fake_/);

    const upstream = f.fake.requests[0];
    expect(upstream.path).toBe('/v1/chat/completions');
    expect(upstream.body).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }], temperature: 0.3 });
    expect(upstream.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(upstream.headers['x-team']).toBe('blue');
    expect(JSON.stringify(upstream.headers)).not.toContain(f.apiKey);

    const row = await f.logRow(requestId);
    expect(row).toMatchObject({
      user_id: f.userId,
      model: 'chat',
      api_id: f.apiId,
      upstream_model: 'gpt-4o-mini',
      endpoint: 'chat/completions',
      status_code: 200,
      stream: false,
      prompt_tokens: data.usage!.prompt_tokens,
      completion_tokens: data.usage!.completion_tokens,
      usage_source: 'upstream',
    });
    const expectedCost = (data.usage!.prompt_tokens * 1 + data.usage!.completion_tokens * 2) / 1e6;
    expect(Number(row.cost_usd)).toBeCloseTo(expectedCost, 10);
  });

  it('streams chat chunk by chunk, asks the upstream for usage and hides the usage-only chunk from the client', async () => {
    const stream = await f.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('Echo: one two three');
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(f.fake.requests[0].body.stream_options).toEqual({ include_usage: true });
    const rows = await f.logRows();
    const row = rows[rows.length - 1];
    expect(row).toMatchObject({ stream: true, status_code: 200, usage_source: 'upstream' });
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(row.ttft_ms).not.toBeNull();
  });

  it('passes the usage chunk through when the client asked for it', async () => {
    const stream = await f.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'count me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('relays embeddings, completions and responses (stream and not) and lists models', async () => {
    const emb = await f.client.embeddings.create({ model: 'chat', input: ['a b', 'c'] });
    expect(emb.data).toHaveLength(2);
    expect(emb.data[0].embedding.length).toBeGreaterThan(0);

    const completion = await f.client.completions.create({ model: 'chat', prompt: 'say hi' });
    expect(completion.choices[0].text.length).toBeGreaterThan(0);

    const response = await f.client.responses.create({ model: 'chat', input: 'hello responses' });
    expect(response.output_text).toContain('hello responses');

    const events = await f.client.responses.create({ model: 'chat', input: 'streamed reply', stream: true });
    let text = '';
    let completed = false;
    for await (const event of events) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = true;
    }
    expect(text).toContain('streamed reply');
    expect(completed).toBe(true);

    const models = await f.client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['chat']);
    expect((await f.client.models.retrieve('chat')).id).toBe('chat');

    const rows = await f.logRows();
    const byEndpoint = (e: string) => rows.filter((r) => r.endpoint === e);
    expect(byEndpoint('embeddings')[0]).toMatchObject({ status_code: 200, usage_source: 'upstream' });
    expect(byEndpoint('responses').every((r) => r.usage_source === 'upstream' && r.prompt_tokens! > 0)).toBe(true);
  });

  it('relays moderations, image generation and binary speech audio', async () => {
    const moderation = await f.client.moderations.create({ model: 'chat', input: 'hello' });
    expect(moderation.results).toHaveLength(1);
    const image = await f.client.images.generate({ model: 'chat', prompt: 'a switchyard at dawn', response_format: 'b64_json' });
    expect(image.data?.[0].b64_json?.length).toBeGreaterThan(0);
    const speech = await f.client.audio.speech.create({ model: 'chat', voice: 'alloy', input: 'hello there' });
    expect(speech.headers.get('content-type')).toBe('audio/mpeg');
    const audio = Buffer.from(await speech.arrayBuffer());
    expect(audio.length).toBeGreaterThan(0);
    expect(f.fake.requests.map((r) => [r.path, r.body.model])).toEqual([
      ['/v1/moderations', 'gpt-4o-mini'],
      ['/v1/images/generations', 'gpt-4o-mini'],
      ['/v1/audio/speech', 'gpt-4o-mini'],
    ]);
  });

  it('does not forward the client key, cookies, org/project headers or accept-encoding upstream', async () => {
    await fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${f.apiKey}`,
        'content-type': 'application/json',
        cookie: 'switchyard.sid=abc',
        'openai-organization': 'org-x',
        'openai-project': 'proj-y',
        'accept-encoding': 'gzip',
        'x-custom': 'kept',
      },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const h = f.fake.requests[0].headers;
    expect(h.cookie).toBeUndefined();
    expect(h['openai-organization']).toBeUndefined();
    expect(h['openai-project']).toBeUndefined();
    expect(h['accept-encoding']).not.toBe('gzip');
    expect(h['x-custom']).toBe('kept');
    expect(h.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
  });

  it('falls back to an estimate when the upstream reports no usage', async () => {
    f.fake.setBehavior({ kind: 'no-usage' });
    const { response } = await f.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'estimate me please' }] })
      .withResponse();
    const row = await f.logRow(response.headers.get('x-request-id')!);
    expect(row.usage_source).toBe('estimate');
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
  });

  it('stores request and response bodies with the log row only while logRequestBodies is on', async () => {
    const ask = async (content: string) => {
      const { response } = await f.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content }] }).withResponse();
      await f.logRow(response.headers.get('x-request-id')!);
      const page = await f.admin.get('/api/logs?limit=1');
      return (await f.admin.get(`/api/logs/${page.body.items[0].id}`)).body;
    };
    const off = await ask('not stored');
    expect(off.requestBody).toBeNull();
    expect(off.responseBody).toBeNull();

    expect((await f.admin.put('/api/config/logRequestBodies', { value: true })).status).toBe(200);
    try {
      const on = await ask('please store me');
      expect(JSON.parse(on.requestBody).messages[0].content).toBe('please store me');
      expect(on.responseBody).toContain('Echo: please store me');
      expect(on.requestBody).not.toContain(f.apiKey);
    } finally {
      await f.admin.put('/api/config/logRequestBodies', { value: false });
    }
  });

  it('writes log rows in batches off the request path', async () => {
    const writer = f.t.app.get(LogWriter);
    await writer.flush();
    const before = (await f.logRows()).length;
    await Promise.all(Array.from({ length: 10 }, () => f.client.embeddings.create({ model: 'chat', input: 'x' })));
    expect((await f.logRows()).length).toBe(before + 10);
  });
});
