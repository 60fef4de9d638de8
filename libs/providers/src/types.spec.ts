import { upstreamErrorFields } from './types';

describe('upstreamErrorFields', () => {
  it('reads OpenAI error objects, error strings and bare messages', () => {
    expect(upstreamErrorFields({ error: { message: 'm', type: 't', param: 'p', code: 42 } })).toEqual({
      message: 'm',
      type: 't',
      param: 'p',
      code: 42,
    });
    expect(upstreamErrorFields({ error: 'overloaded' })).toEqual({ message: 'overloaded', type: null, param: null, code: null });
    expect(upstreamErrorFields({ message: 'model not served' }).message).toBe('model not served');
    expect(upstreamErrorFields({ error: { type: 'x' }, message: 'top' })).toMatchObject({ message: 'top', type: 'x' });
  });

  it('says nothing of other bodies', () => {
    for (const body of [null, 'text', 42, [], { error: { message: 3 } }]) {
      expect(upstreamErrorFields(body)).toEqual({ message: null, type: null, param: null, code: null });
    }
  });
});
