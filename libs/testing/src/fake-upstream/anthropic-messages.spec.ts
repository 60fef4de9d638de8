import { FakeUpstream } from './server';

describe('FakeUpstream Anthropic Messages route', () => {
  let fake: FakeUpstream;
  const headers = { 'content-type': 'application/json', 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01' };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const post = (body: unknown, h: Record<string, string> = headers) =>
    fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: h, body: JSON.stringify(body) });

  it('answers a Messages call and records the Anthropic headers', async () => {
    const res = await post({ model: 'claude-x', max_tokens: 50, system: 'be nice', messages: [{ role: 'user', content: 'hello you' }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'msg_fake1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [{ type: 'text', text: 'Echo: hello you' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 4, output_tokens: 3 },
    });
    expect(fake.requests[0].headers).toMatchObject({ 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01' });
  });

  it('refuses a call without x-api-key or anthropic-version, in Anthropic’s error shape', async () => {
    const body = { model: 'm', max_tokens: 5, messages: [] };
    const noKey = await post(body, { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const noVersion = await post(body, { 'content-type': 'application/json', 'x-api-key': 'k' });
    expect(noVersion.status).toBe(400);
  });

  it('streams Anthropic’s event sequence, with a tool_use block when tools are offered', async () => {
    const res = await post({
      model: 'claude-x',
      max_tokens: 50,
      stream: true,
      tools: [{ name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } } }],
      messages: [{ role: 'user', content: 'Paris' }],
    });
    const text = await res.text();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names[0]).toBe('message_start');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(names).toContain('content_block_start');
    const datas = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const json = datas
      .filter((d) => d.delta?.type === 'input_json_delta')
      .map((d) => d.delta.partial_json as string)
      .join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris', days: 42 });
    expect(datas.find((d) => d.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('echoes a tool result back as text', async () => {
    const res = await post({
      model: 'm',
      max_tokens: 50,
      tools: [{ name: 'weather', input_schema: {} }],
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'sunny' }] }],
    });
    expect(await res.json()).toMatchObject({ content: [{ type: 'text', text: 'Echo: tool result: sunny' }], stop_reason: 'end_turn' });
  });
});
