import { mayCarryUsage, usageFromTail } from './json-tail';

const tail = (text: string) => usageFromTail(Buffer.from(text, 'utf8'));

describe('usageFromTail', () => {
  const usage = { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 };

  it('reads the top-level usage at the end of an answer', () => {
    const answer = { id: 'c', choices: [{ message: { content: 'hi "usage": {"prompt_tokens": 999}' } }], usage };
    expect(tail(JSON.stringify(answer))).toEqual({ found: true, value: usage });
    expect(tail(JSON.stringify(answer, null, 2) + '\n')).toEqual({ found: true, value: usage });
  });

  it('reads usage followed by other top-level keys (responses), and usage: null', () => {
    expect(tail(JSON.stringify({ output: [], usage: { input_tokens: 1 }, user: null, metadata: { a: '}' } }))).toEqual({
      found: true,
      value: { input_tokens: 1 },
    });
    expect(tail('{"data":[],"usage":null}')).toEqual({ found: true, value: null });
  });

  it('never takes a nested usage for the answer’s own', () => {
    expect(tail(JSON.stringify({ choices: [{ usage }] }))).toEqual({ found: false });
    expect(tail(JSON.stringify({ meta: { usage }, id: 'x' }))).toEqual({ found: false });
    expect(tail(JSON.stringify({ usage, meta: { usage: { prompt_tokens: 1 } } }))).toEqual({ found: false });
  });

  it('ignores "usage" inside strings, also after escaped backslashes', () => {
    expect(tail(JSON.stringify({ text: 'x "usage": {"prompt_tokens": 5}' }))).toEqual({ found: false });
    expect(tail(JSON.stringify({ text: 'ends with \\', usage }))).toEqual({ found: true, value: usage });
    expect(tail(JSON.stringify({ usage, text: '"usage":{"prompt_tokens":7}}' }))).toEqual({ found: true, value: usage });
  });

  it('handles multi-byte text and braces in strings inside usage', () => {
    const u = { prompt_tokens: 1, details: { note: 'é}{]"', total_tokens: 9 }, tags: ['}', { a: [] }] };
    expect(tail(JSON.stringify({ content: '日本語 🚀', usage: u }))).toEqual({ found: true, value: { prompt_tokens: 1 } });
  });

  it('keeps only the usage object’s own token counts, the last of a repeated key as JSON.parse does', () => {
    const u = { prompt_tokens: 42, completion_tokens: 24, total_tokens: 66, prompt_tokens_details: { cached_tokens: 7 }, cost: 0.5 };
    expect(tail(JSON.stringify({ id: 'c', usage: u, system_fingerprint: 'fp' }))).toEqual({
      found: true,
      value: { prompt_tokens: 42, completion_tokens: 24, total_tokens: 66 },
    });
    expect(tail('{"usage":{"input_tokens":3,"output_tokens":4,"input_tokens":5}}')).toEqual({
      found: true,
      value: { input_tokens: 5, output_tokens: 4 },
    });
    expect(tail('{"usage":{}}')).toEqual({ found: true, value: {} });
  });

  it('leaves a count that is not a plain integer, or an escaped key, to the full parse', () => {
    for (const usage of [
      '{"prompt_tokens":1.5}',
      '{"prompt_tokens":-1}',
      '{"prompt_tokens":1e3}',
      '{"prompt_tokens":"12"}',
      '{"prompt_tokens":null}',
      '{"prompt_tokens":012}',
      '{"prompt_tokens":1234567890123456}',
      '{"prompt\\u005ftokens":1}',
      '{"prompt_tokens" 1}',
      '{"prompt_tokens":1,}',
    ])
      expect(tail(`{"usage":${usage}}`)).toEqual({ found: false });
    expect(tail('{"usage":{"prompt_tokens":0,"other":"x\\"y"}}')).toEqual({ found: true, value: { prompt_tokens: 0 } });
  });

  it('gives up on what is not a JSON object, or a truncated answer', () => {
    expect(tail('not json')).toEqual({ found: false });
    expect(tail('[{"usage":{}}]')).toEqual({ found: false });
    expect(tail('{"usage":{"prompt_tokens":1}')).toEqual({ found: false });
    expect(tail('{"usage":"12"}')).toEqual({ found: false });
    expect(tail('')).toEqual({ found: false });
  });
});

/** The same answer for the text and for its bytes (a chunk of whole events, as the relay's fast path sees it). */
function mayCarryUsageBoth(text: string): boolean {
  const answer = mayCarryUsage(text);
  expect(mayCarryUsage(Buffer.from(text, 'utf8'))).toBe(answer);
  return answer;
}

describe('mayCarryUsage', () => {
  it('is false without a usage key, or when every usage key is null', () => {
    expect(mayCarryUsageBoth('{"choices":[{"delta":{"content":"hi"}}]}')).toBe(false);
    expect(mayCarryUsageBoth('{"choices":[{"delta":{"content":"hi"}}],"usage":null}')).toBe(false);
    expect(mayCarryUsageBoth('{"usage" :\n\tnull,"response":{"usage": null}}')).toBe(false);
    expect(mayCarryUsageBoth('{"usage": nullish}')).toBe(false); // not JSON: parsing it would find no usage either
  });

  it('is false for generated text that spells the key: a quote in a string is escaped', () => {
    expect(mayCarryUsageBoth(JSON.stringify({ choices: [{ delta: { content: 'print("usage": 1)' } }], usage: null }))).toBe(false);
  });

  it('is true for a usage value, wherever it sits, after any null ones', () => {
    expect(mayCarryUsageBoth('{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}')).toBe(true);
    expect(mayCarryUsageBoth('{"usage":null,"response":{"usage":{"input_tokens":5}}}')).toBe(true);
  });

  it('reads a chunk of several events as bytes, multi-byte text included', () => {
    const chunk = (usage: string) =>
      `data: {"choices":[{"delta":{"content":"Grüße 🚀"}}],"usage":null}\n\ndata: {"choices":[],"usage":${usage}}\n\n`;
    expect(mayCarryUsageBoth(chunk('null'))).toBe(false);
    expect(mayCarryUsageBoth(chunk('{"total_tokens":8}'))).toBe(true);
  });

  it('is true when what follows the key is unexpected, so the event is parsed', () => {
    expect(mayCarryUsageBoth('{"type":"usage","n":1}')).toBe(true);
    expect(mayCarryUsageBoth('{"usage"')).toBe(true);
  });
});
