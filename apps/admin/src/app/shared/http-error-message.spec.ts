import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { httpErrorMessage, httpErrorMessages } from './http-error-message';

function nestError(status: number, message: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: { statusCode: status, message, error: 'Bad Request' } });
}

describe('httpErrorMessages', () => {
  it("keeps a validation answer's messages apart", () => {
    expect(httpErrorMessages(nestError(400, ['name must be 1 to 100 characters long', 'baseUrl must be an http(s) URL']), 'x')).toEqual([
      'name must be 1 to 100 characters long',
      'baseUrl must be an http(s) URL',
    ]);
  });

  it('uses a single message as it is, and the fallback when there is none', () => {
    expect(httpErrorMessages(nestError(409, 'API "a" is used by alias "b"; remove it from it first'), 'x')).toEqual([
      'API "a" is used by alias "b"; remove it from it first',
    ]);
    expect(httpErrorMessages(nestError(500, ''), 'Could not save')).toEqual(['Could not save']);
    expect(httpErrorMessages(new Error('boom'), 'Could not save')).toEqual(['Could not save']);
  });

  it('says the server is unreachable on status 0', () => {
    expect(httpErrorMessages(new HttpErrorResponse({ status: 0 }), 'x')).toEqual([
      'Cannot reach the server. Check your connection and try again.',
    ]);
  });
});

describe('httpErrorMessage', () => {
  it('joins several messages into one sentence list', () => {
    expect(httpErrorMessage(nestError(400, ['a is wrong', 'b is wrong']), 'x')).toBe('a is wrong. b is wrong');
  });
});
