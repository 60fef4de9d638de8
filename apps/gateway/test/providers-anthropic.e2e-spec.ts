import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { eventually } from './support/proxy-fixture';
import { ProviderGateway, startProviderGateway } from './support/provider-gateway';

const parameters = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } };
const tools: ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', description: 'Current weather', parameters } }];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('anthropic provider: chat completions ⇄ Messages against the fake upstream (e2e)', () => {
  let g: ProviderGateway;
  let client: OpenAI;

  beforeAll(async () => {
    g = await startProviderGateway();
    await g.route('claude', {
      provider: 'anthropic',
      baseUrl: g.fake.url,
      model: 'claude-x',
      inputPricePerMTok: 3,
      outputPricePerMTok: 15,
    });
    client = await g.client();
  });

  afterAll(() => g?.close());
  beforeEach(() => g.fake.reset());

  it('translates a non-stream chat: system prompt, Anthropic headers, text and usage back; usage logged', async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: 'claude',
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'hello claude' },
        ],
        stop: ['END'],
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Echo: hello claude' } });
    expect(data.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });

    const upstream = g.fake.requests[0];
    expect(upstream.path).toBe('/v1/messages');
    expect(upstream.headers).toMatchObject({ 'x-api-key': 'upstream-key-0123456789', 'anthropic-version': '2023-06-01' });
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.body).toEqual({
      model: 'claude-x',
      max_tokens: 4096,
      system: 'Be terse.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello claude' }] }],
      stop_sequences: ['END'],
    });

    const requestId = response.headers.get('x-request-id');
    const row = await eventually(async () => {
      const found = (await g.logRows()).find((r) => r.request_id === requestId);
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(row).toMatchObject({
      status_code: 200,
      prompt_tokens: 4,
      completion_tokens: 3,
      usage_source: 'upstream',
      upstream_model: 'claude-x',
    });
    expect(Number(row.cost_usd)).toBeCloseTo((4 * 3 + 3 * 15) / 1e6, 10);
  });

  it('streams text deltas and the finish reason; the usage it asked for is logged, not shown', async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'one two three' }], stream: true }),
    );
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('Echo: one two three');
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(g.fake.requests[0].body.stream).toBe(true);
    const rows = await g.logRows();
    expect(rows[rows.length - 1]).toMatchObject({
      stream: true,
      status_code: 200,
      prompt_tokens: 3,
      completion_tokens: 4,
      usage_source: 'upstream',
    });
  });

  it('ends the stream with a usage chunk when the client asks for it, and maps max_tokens to length', async () => {
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'claude',
        messages: [{ role: 'user', content: 'a b c d e' }],
        max_tokens: 2,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(g.fake.requests[0].body.max_tokens).toBe(2);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('length');
  });

  it('round-trips a tool call without streaming: tool_use → tool_calls, then the tool result → tool_result', async () => {
    const first = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Paris' }],
      tools,
      tool_choice: 'auto',
    });
    const choice = first.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Calling weather.');
    const call = choice.message.tool_calls![0];
    expect(call).toMatchObject({ id: 'toolu_fake1', type: 'function', function: { name: 'weather' } });
    expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ city: 'Paris', days: 42 });
    expect(g.fake.requests[0].body.tools[0]).toEqual({ name: 'weather', description: 'Current weather', input_schema: parameters });
    expect(g.fake.requests[0].body.tool_choice).toEqual({ type: 'auto' });

    const second = await client.chat.completions.create({
      model: 'claude',
      tools,
      messages: [{ role: 'user', content: 'Paris' }, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    expect(second.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Echo: tool result: sunny' } });
    expect(g.fake.requests[1].body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Paris' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Calling weather.' },
          { type: 'tool_use', id: 'toolu_fake1', name: 'weather', input: { city: 'Paris', days: 42 } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fake1', content: 'sunny' }] },
    ]);
  });

  it('streams a tool call: id and name first, arguments assembled from input_json_delta pieces', async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Rome' }], tools, stream: true }),
    );
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas[0]).toMatchObject({ index: 0, id: 'toolu_fake1', type: 'function', function: { name: 'weather' } });
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ city: 'Rome', days: 42 });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('tool_calls');
    const rows = await g.logRows();
    expect(rows[rows.length - 1].completion_tokens).toBeGreaterThan(0);
  });

  it('relays an Anthropic error with its status in OpenAI’s shape', async () => {
    g.fake.setBehavior({ kind: 'error', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    const err = await client.chat.completions
      .create({ model: 'claude', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(529);
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    expect((err as Error).message).toContain('Overloaded');
  });
});
