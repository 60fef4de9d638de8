import type * as http from 'node:http';
import type { SseEvent } from './types';

/** An SSE event whose data is `value` as JSON. */
export function jsonEvent(value: unknown, event?: string): SseEvent {
  return event === undefined ? { data: JSON.stringify(value) } : { event, data: JSON.stringify(value) };
}

/** The `data: [DONE]` sentinel that ends OpenAI chat/completions streams. */
export const DONE_EVENT: SseEvent = { data: '[DONE]' };

/** Wire form of one event, blank line included. */
export function formatSse(e: SseEvent): string {
  return (e.event === undefined ? '' : `event: ${e.event}\n`) + `data: ${e.data}\n\n`;
}

/** How a stream is paced and cut short; all counts are SSE events. */
export interface StreamControl {
  /** Pause between events. */
  intervalMs?: number;
  /** After this many events, wait for `gate()` before sending more. */
  holdAfter?: number;
  gate?: () => Promise<void>;
  /** After this many events, send nothing more and never end the response. */
  stallAfter?: number;
}

/** Resolves after `ms`, or earlier when `closed` settles; the result says whether time ran out. */
export function sleepUnlessClosed(ms: number, closed: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    void closed.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * Sends `events` as `text/event-stream`, one `res.write` per event so each reaches the client at
 * once. Stops when the connection closes; `closed` must settle when it does.
 */
export async function writeSse(
  res: http.ServerResponse,
  events: Iterable<SseEvent>,
  control: StreamControl,
  closed: Promise<void>,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();

  let sent = 0;
  let isClosed = false;
  void closed.then(() => (isClosed = true));

  // Returns false when the stream must not go on (stalled for good, or the connection is gone).
  const pause = async (): Promise<boolean> => {
    if (control.stallAfter !== undefined && sent >= control.stallAfter) {
      await closed;
      return false;
    }
    if (control.holdAfter !== undefined && sent === control.holdAfter && control.gate) {
      await Promise.race([control.gate(), closed]);
    }
    return !isClosed && !res.destroyed;
  };

  for (const event of events) {
    if (!(await pause())) return;
    if (sent > 0 && control.intervalMs) {
      if (!(await sleepUnlessClosed(control.intervalMs, closed))) return;
    }
    res.write(formatSse(event));
    sent++;
  }
  if (!(await pause())) return;
  res.end();
}
