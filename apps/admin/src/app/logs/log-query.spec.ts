import { convertToParamMap } from '@angular/router';
import { describe, expect, it } from 'vitest';
import { fromLocalInput, queryFromParams, queryToParams, toLocalInput } from './log-query';

describe('log query', () => {
  it('reads filters and page size from the URL, ignoring junk', () => {
    const query = queryFromParams(convertToParamMap({ userId: 'u1', status: '429', stream: 'false', q: '  ', limit: '7', other: 'x' }));

    expect(query).toEqual({ filters: { userId: 'u1', status: '429', stream: false }, limit: 50 });
  });

  it('writes every key so that cleared filters leave the URL', () => {
    expect(queryToParams({ filters: { model: 'gpt-fast', stream: true }, limit: 100 })).toEqual({
      limit: 100,
      from: null,
      to: null,
      userId: null,
      model: 'gpt-fast',
      apiId: null,
      status: null,
      q: null,
      stream: 'true',
    });
  });

  it('converts between datetime-local values and ISO instants', () => {
    const iso = fromLocalInput('2030-05-06T07:08');
    expect(iso).toBe(new Date(2030, 4, 6, 7, 8).toISOString());
    expect(toLocalInput(iso)).toBe('2030-05-06T07:08');
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput('not a date')).toBe('');
  });
});
