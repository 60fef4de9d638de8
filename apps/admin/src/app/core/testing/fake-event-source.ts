import type { EventSourceFactory, EventSourceLike } from '../event-source-factory';

/** Test double for `EventSource` (jsdom has none): records what was opened and lets a spec push events. */
export class FakeEventSource implements EventSourceLike {
  onopen: ((event: Event) => unknown) | null = null;
  onmessage: ((event: MessageEvent<string>) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;

  constructor(
    readonly url: string,
    readonly init: EventSourceInit,
  ) {}

  /** Delivers one `data:` event carrying `payload` as JSON. */
  emit(payload: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(payload) }));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.closed = true;
  }
}

/** A factory for `EVENT_SOURCE_FACTORY` plus every source it opened, newest last. */
export function fakeEventSources(): { factory: EventSourceFactory; opened: FakeEventSource[] } {
  const opened: FakeEventSource[] = [];
  const factory: EventSourceFactory = (url, init) => {
    const source = new FakeEventSource(url, init);
    opened.push(source);
    return source;
  };
  return { factory, opened };
}
