import { mayCarryUsage } from './usage';

describe('mayCarryUsage', () => {
  it('is false without a usage key, or when every usage key is null', () => {
    expect(mayCarryUsage('{"choices":[{"delta":{"content":"hi"}}]}')).toBe(false);
    expect(mayCarryUsage('{"choices":[{"delta":{"content":"hi"}}],"usage":null}')).toBe(false);
    expect(mayCarryUsage('{"usage" :\n\tnull,"response":{"usage": null}}')).toBe(false);
    expect(mayCarryUsage('{"usage": nullish}')).toBe(false); // not JSON: parsing it would find no usage either
  });

  it('is false for generated text that spells the key: a quote in a string is escaped', () => {
    expect(mayCarryUsage(JSON.stringify({ choices: [{ delta: { content: 'print("usage": 1)' } }], usage: null }))).toBe(false);
  });

  it('is true for a usage value, wherever it sits, after any null ones', () => {
    expect(mayCarryUsage('{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}')).toBe(true);
    expect(mayCarryUsage('{"usage":null,"response":{"usage":{"input_tokens":5}}}')).toBe(true);
  });

  it('is true when what follows the key is unexpected, so the event is parsed', () => {
    expect(mayCarryUsage('{"type":"usage","n":1}')).toBe(true);
    expect(mayCarryUsage('{"usage"')).toBe(true);
  });
});
