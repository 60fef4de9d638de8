import { jsonSourceOf, parseJsonObject, scanTopLevel, serializeJson } from './raw-json';

type Body = Record<string, unknown>;

/** What the adapter and the proxy do: replace `model`, maybe set `stream_options`. */
function forward(text: string, model: string, streamOptions?: unknown): string {
  let body = parseJsonObject(text) as Body;
  if (streamOptions !== undefined) body = { ...body, stream_options: streamOptions };
  return serializeJson({ ...body, model });
}

describe('raw JSON splicing', () => {
  const tricky = [
    '{"model":"alias","messages":[{"role":"user","content":"hi"}]}',
    '  {\n  "messages" : [ {"role":"user","content":"say \\"model\\": \\"x\\" {\\"model\\":1}"} ] ,\n "model"\t:  "alias" , "n":1 }\n',
    '{"messages":[{"content":"\\"model\\":\\"evil\\"","model":"nested"}],"model":"alias","temperature":0.5}',
    '{"model":"alias","messages":[{"content":"ends with a backslash \\\\"}],"x":"\\\\\\""}',
    '{"model":"ali\\u0061s","messages":[{"content":"héllo wörld — 日本語 🚀 \\ud83d\\ude80"}]}',
    '{"messages":[],"stream":true,"model":"alias","stream_options":{"include_usage":false,"other":[1,{"a":"}"}]}}',
    '{"model":"alias","deep":{"a":[[[{"b":"]]]}}"}]]],"c":null},"t":true,"f":false,"e":-1.5e+3}',
    '{"\\u006dodel":"alias","x":1}',
  ];

  it.each(tricky)('replaces only the top-level model, for any key order and whitespace: %s', (text) => {
    const out = forward(text, 'gpt-4o');
    expect(JSON.parse(out)).toEqual({ ...(JSON.parse(text) as Body), model: 'gpt-4o' });
  });

  it.each(tricky)('sets stream_options whether present or not: %s', (text) => {
    const out = forward(text, 'm"o\\del', { include_usage: true });
    expect(JSON.parse(out)).toEqual({ ...(JSON.parse(text) as Body), model: 'm"o\\del', stream_options: { include_usage: true } });
  });

  it('keeps the rest of the text byte for byte (no re-serialisation)', () => {
    const text = '{ "messages": [ {"role": "user", "content": "x"} ],\n  "model": "alias",  "max_tokens" :64 }';
    expect(forward(text, 'gpt-4o')).toBe('{ "messages": [ {"role": "user", "content": "x"} ],\n  "model": "gpt-4o",  "max_tokens" :64 }');
  });

  it('appends a new key, also to an empty object', () => {
    expect(serializeJson({ ...(parseJsonObject('{}') as Body), model: 'm' })).toBe('{"model":"m"}');
    expect(serializeJson({ ...(parseJsonObject('{"a":1}') as Body), model: 'm' })).toBe('{"a":1,"model":"m"}');
  });

  it('forwards the text unchanged when nothing changed', () => {
    const text = '{"model":"gpt-4o",  "a":[1]}';
    expect(serializeJson({ ...(parseJsonObject(text) as Body), model: 'gpt-4o' })).toBe(text);
  });

  it('falls back to JSON.stringify for duplicate top-level keys (an upstream may read the first one)', () => {
    const out = forward('{"model":"cheap","messages":[],"model":"alias"}', 'gpt-4o');
    expect(out).toBe('{"model":"gpt-4o","messages":[]}');
  });

  it('falls back to JSON.stringify when a key is removed, a value is undefined, or the top level was assigned', () => {
    const body = parseJsonObject('{"model":"a","user":"u","n":1}') as Body;
    const { user: _user, ...rest } = body;
    expect(JSON.parse(serializeJson(rest))).toEqual({ model: 'a', n: 1 });
    expect(serializeJson({ ...body, n: undefined })).toBe('{"model":"a","user":"u"}');
    body.n = 2;
    expect(JSON.parse(serializeJson(body))).toEqual({ model: 'a', user: 'u', n: 2 });
  });

  it('is invisible to JSON.stringify and Object.keys, and travels with shallow copies', () => {
    const body = parseJsonObject('{"model":"a"}') as Body;
    expect(Object.keys(body)).toEqual(['model']);
    expect(JSON.stringify(body)).toBe('{"model":"a"}');
    expect(jsonSourceOf({ ...body })).toBe('{"model":"a"}');
    expect(serializeJson({ model: 'x' })).toBe('{"model":"x"}');
  });

  it('does not remember non-objects', () => {
    expect(parseJsonObject('[1]')).toEqual([1]);
    expect(parseJsonObject('"s"')).toBe('s');
  });

  it('scans the top level of an object', () => {
    expect(scanTopLevel('{"a":"}","b":{"c":"\\""},"d":[1]}')?.members.map((m) => m.key)).toEqual(['a', 'b', 'd']);
    expect(scanTopLevel('[1]')).toBeNull();
    expect(scanTopLevel('{"a":1,"a":2}')).toBeNull();
  });
});
