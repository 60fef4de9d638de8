import { AnthropicStreamTranslator } from './anthropic-stream';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const events = [
  { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 12, output_tokens: 1 } } },
  { type: 'ping' },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' there' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 7 } },
  { type: 'message_stop' },
];

function run(includeUsage: boolean): string[] {
  const t = new AnthropicStreamTranslator({ includeUsage });
  const out = events.flatMap((e) => t.push(JSON.stringify(e)));
  return [...out, ...t.flush()];
}

function chunks(lines: string[]): Json[] {
  return lines.filter((l) => l !== 'data: [DONE]').map((l) => JSON.parse(l.replace(/^data: /, '')) as Json);
}

describe('AnthropicStreamTranslator', () => {
  it('emits OpenAI chunks event by event: role, text deltas, tool call, finish reason, usage, [DONE]', () => {
    const lines = run(true);
    expect(lines.every((l) => l.startsWith('data: '))).toBe(true);
    expect(lines[lines.length - 1]).toBe('data: [DONE]');
    const all = chunks(lines);
    expect(all.every((c) => c.id === 'msg_1' && c.model === 'claude-x' && c.object === 'chat.completion.chunk')).toBe(true);
    expect(all[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const text = all.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('Hello there');
    const calls = all.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '' } });
    expect(calls.map((c: Json) => c.function.arguments).join('')).toBe('{"city":"Paris"}');
    expect(all.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0].finish_reason)).toEqual(['tool_calls']);
    const usage = all[all.length - 1];
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
  });

  it('sends no usage chunk unless asked', () => {
    const all = chunks(run(false));
    expect(all.some((c) => c.usage)).toBe(false);
    expect(all.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('gives no [DONE] to a stream cut before message_stop, and turns an error event into an OpenAI error', () => {
    const t = new AnthropicStreamTranslator({ includeUsage: true });
    const out = events.slice(0, 4).flatMap((e) => t.push(JSON.stringify(e)));
    out.push(...t.push(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })), ...t.flush());
    expect(out).not.toContain('data: [DONE]');
    expect(JSON.parse(out[out.length - 1].slice(6))).toEqual({
      error: { message: 'Overloaded', type: 'overloaded_error', param: null, code: null },
    });
  });
});
