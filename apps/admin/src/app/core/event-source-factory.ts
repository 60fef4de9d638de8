import { InjectionToken } from '@angular/core';

/** The subset of `EventSource` the app uses, so tests can hand in a fake. */
export interface EventSourceLike {
  onopen: ((event: Event) => unknown) | null;
  onmessage: ((event: MessageEvent<string>) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  close(): void;
}

export type EventSourceFactory = (url: string, init: EventSourceInit) => EventSourceLike;

/**
 * Opens server-sent event streams. The default uses the browser's `EventSource` and throws where there
 * is none (jsdom, very old browsers), which callers treat like a failed stream.
 */
export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url, init) => {
    if (typeof EventSource === 'undefined') {
      throw new Error('EventSource is not supported here');
    }
    return new EventSource(url, init);
  },
});
