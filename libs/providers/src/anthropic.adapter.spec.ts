import { AnthropicAdapter } from './anthropic.adapter';
import { ProviderAdapterMarker } from './provider-adapter';
import { UpstreamApi } from './types';

const api: UpstreamApi = {
  id: 'a1',
  name: 'claude',
  provider: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'sk-ant-secret',
  model: 'claude-sonnet-4-5',
  extraHeaders: { 'anthropic-beta': 'x' },
  timeoutMs: 1000,
};

const adapter = new AnthropicAdapter();

function build(body: Record<string, unknown>, stream = false) {
  return adapter.buildRequest(api, { endpoint: 'chat/completions', body, stream, forwardHeaders: { authorization: 'Bearer client' } });
}

describe('AnthropicAdapter request', () => {
  it('is registered, supports chat/completions only', () => {
    expect(Reflect.getMetadata(ProviderAdapterMarker.KEY, AnthropicAdapter)).toBe('anthropic');
    expect(adapter.supports('chat/completions')).toBe(true);
    expect(adapter.supports('embeddings')).toBe(false);
  });

  it('posts to /v1/messages with x-api-key and anthropic-version, never Authorization', () => {
    const req = build({ model: 'alias', messages: [{ role: 'user', content: 'hi' }] });
    expect(req.url).toBe('https://api.anthropic.com/v1/messages');
    expect(req.headers).toMatchObject({ 'x-api-key': 'sk-ant-secret', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'x' });
    expect(req.headers.authorization).toBeUndefined();
    expect(
      adapter.buildRequest(
        { ...api, apiVersion: '2024-01-01' },
        { endpoint: 'chat/completions', body: {}, stream: false, forwardHeaders: {} },
      ).headers['anthropic-version'],
    ).toBe('2024-01-01');
  });

  it('maps system, tool calls, tool results, limits, stop and tools', () => {
    const body = JSON.parse(
      build(
        {
          model: 'alias',
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
            { role: 'user', content: 'Weather in Paris?' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
            },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
            { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
          ],
          max_completion_tokens: 99,
          temperature: 0.5,
          top_p: 0.9,
          stop: 'END',
          tools: [
            {
              type: 'function',
              function: {
                name: 'weather',
                description: 'Weather',
                parameters: { type: 'object', properties: { city: { type: 'string' } } },
              },
            },
          ],
          tool_choice: 'required',
          stream_options: { include_usage: true },
        },
        true,
      ).body,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 99,
      system: 'Be brief.\n\nUse tools.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['END'],
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any' },
      stream: true,
    });
  });

  it('defaults max_tokens and maps a named tool_choice', () => {
    const body = JSON.parse(
      build({
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 0,
        tools: [{ type: 'function', function: { name: 'f' } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        parallel_tool_calls: false,
      }).body,
    );
    expect(body.max_tokens).toBe(4096);
    expect(body.tools[0].input_schema).toEqual({ type: 'object', properties: {} });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'f', disable_parallel_tool_use: true });
  });
});

describe('AnthropicAdapter response', () => {
  it('turns a Messages answer into a chat.completion with tool calls, finish reason and usage', () => {
    const out = adapter.translateResponse('chat/completions', {
      id: 'msg_1',
      type: 'message',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'text', text: 'Calling.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 3 },
    });
    expect(out).toMatchObject({
      id: 'msg_1',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Calling.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
          },
        },
      ],
      usage: { prompt_tokens: 13, completion_tokens: 5, total_tokens: 18, prompt_tokens_details: { cached_tokens: 3 } },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
  ])('maps stop_reason %s to %s', (stop, finish) => {
    const out = adapter.translateResponse('chat/completions', { content: [{ type: 'text', text: 'a' }], stop_reason: stop, usage: {} });
    expect((out.choices as { finish_reason: string }[])[0].finish_reason).toBe(finish);
  });

  it('classifies overload as retryable and maps error types', () => {
    expect(adapter.classifyError(529, '{"type":"error","error":{"type":"overloaded_error","message":"busy"}}')).toEqual({
      retryable: true,
      type: 'server_error',
    });
    expect(adapter.classifyError(400, '{"type":"error","error":{"type":"invalid_request_error","message":"x"}}')).toEqual({
      retryable: false,
      type: 'invalid_request_error',
    });
    expect(adapter.classifyError(429, 'not json')).toEqual({ retryable: true });
  });
});

describe('AnthropicAdapter models request', () => {
  it('lists {baseUrl}/v1/models with x-api-key and anthropic-version, never Authorization', () => {
    const req = adapter.buildModelsRequest(api);
    expect(req).toEqual({
      url: 'https://api.anthropic.com/v1/models?limit=1000',
      headers: { accept: 'application/json', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'x', 'x-api-key': 'sk-ant-secret' },
    });
    expect(adapter.buildModelsRequest({ ...api, apiVersion: '2024-01-01' }).headers['anthropic-version']).toBe('2024-01-01');
  });
});
