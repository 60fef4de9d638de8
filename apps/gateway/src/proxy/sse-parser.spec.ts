import { endsOnBoundary, SseParser } from './sse-parser';

describe('SseParser', () => {
  const all = (chunks: string[]) => {
    const parser = new SseParser();
    const events = chunks.flatMap((c) => parser.push(Buffer.from(c, 'utf8')));
    return [...events, ...parser.end()];
  };

  it('splits on \\n\\n, \\r\\n\\r\\n and mixed blank lines, across chunk borders', () => {
    const text = 'data: a\n\ndata: b\r\n\r\nevent: x\ndata: c\ndata: d\r\n\ndata:e\n\r\n: comment\n\ndata: [DONE]\n\n';
    const expected = [
      { raw: 'data: a', data: 'a' },
      { raw: 'data: b', data: 'b' },
      { raw: 'event: x\ndata: c\ndata: d', data: 'c\nd' },
      { raw: 'data:e', data: 'e' },
      { raw: ': comment', data: null },
      { raw: 'data: [DONE]', data: '[DONE]' },
    ];
    expect(all([text])).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(all([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
  });

  it('keeps a multi-byte character split across chunks, and a last event without its blank line', () => {
    const bytes = Buffer.from('data: 🚀\n\ndata: end', 'utf8');
    const parser = new SseParser();
    const events = [...parser.push(bytes.subarray(0, 8)), ...parser.push(bytes.subarray(8)), ...parser.end()];
    expect(events).toEqual([
      { raw: 'data: 🚀', data: '🚀' },
      { raw: 'data: end', data: 'end' },
    ]);
  });

  it.each([
    ['data: a\n\n', true],
    ['data: a\r\n\r\n', true],
    ['data: a\n\r\n', true],
    ['\n\n', true],
    ['data: a\n', false],
    ['data: a\r\n', false],
    ['data: a\r\n\r', false],
    ['\n', false],
    ['', false],
  ])('endsOnBoundary(%j) is %s', (text, expected) => expect(endsOnBoundary(Buffer.from(text))).toBe(expected));

  it('is empty exactly when the bytes so far end on an event boundary', () => {
    const parser = new SseParser();
    expect(parser.empty).toBe(true);
    parser.push(Buffer.from('data: a\n\ndata: b'));
    expect(parser.empty).toBe(false);
    parser.push(Buffer.from('\r\n\r\n'));
    expect(parser.empty).toBe(true);
    parser.push(Buffer.from('data: 🚀\n\n', 'utf8').subarray(0, 8)); // inside the emoji
    expect(parser.empty).toBe(false);
  });
});
