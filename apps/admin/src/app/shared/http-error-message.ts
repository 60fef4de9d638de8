import { HttpErrorResponse } from '@angular/common/http';

/**
 * The text to show for a failed admin API call. The gateway answers errors as Nest does,
 * `{ statusCode, message, error }`, where `message` is a string or (validation) a string array.
 */
export function httpErrorMessage(error: unknown, fallback: string): string {
  return httpErrorMessages(error, fallback).join('. ');
}

/**
 * Like {@link httpErrorMessage}, but keeps a validation answer's messages apart so a form can list
 * them one per line. Never empty: when the server gave no usable text, it holds `fallback`.
 */
export function httpErrorMessages(error: unknown, fallback: string): string[] {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return ['Cannot reach the server. Check your connection and try again.'];
    }
    const body: unknown = error.error;
    const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
    if (typeof message === 'string' && message.trim() !== '') {
      return [message];
    }
    if (Array.isArray(message)) {
      const texts = message.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
      if (texts.length > 0) {
        return texts;
      }
    }
  }
  return [fallback];
}
