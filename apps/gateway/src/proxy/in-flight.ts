import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { sentHeader } from '../core/sent-header';

/** How long SIGTERM lets in-flight `/v1` calls and streams finish before ending the streams. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** How long a stream's final event may take to reach its socket before the stream is cut regardless. */
const STREAM_CUT_MS = 500;

const SHUTDOWN_EVENT =
  'event: error\ndata: ' +
  JSON.stringify({
    error: { message: 'The gateway is shutting down; retry the request.', type: 'server_error', param: null, code: 'server_shutting_down' },
  }) +
  '\n\n';

/**
 * The `/v1` responses still open, so a graceful shutdown can wait for them and then end the rest.
 *
 * Kept in an array of slots, not a Set: on Node 20 a long-lived Set or Map holding each response while
 * it is in flight made V8 promote the calls' objects (responses, requests, their headers) to the old
 * space, ~1.2 MB per scavenge under load against 0.1-0.3 MB with slots, and cost 8-11 % more CPU per
 * call (docs/performance.md, sixth pass; why V8 does so was not pinned down).
 */
@Injectable()
export class InFlight {
  private readonly slots: (ServerResponse | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly idleWaiters = new Set<() => void>();

  get count(): number {
    return this.slots.length - this.freeSlots.length;
  }

  /**
   * Counts the response until `done` is called with the slot returned here (the proxy calls it when the
   * response closes: finished, failed, or the client left).
   */
  add(res: ServerResponse): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = res;
    return slot;
  }

  done(slot: number): void {
    if (this.slots[slot] === undefined) return;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    if (this.count === 0) for (const wake of this.idleWaiters) wake();
  }

  /** Resolves true once nothing is in flight, false when `timeoutMs` passed first. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return true;
    let wake!: () => void;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((resolve) => {
        wake = () => resolve(true);
        this.idleWaiters.add(wake);
      }),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    this.idleWaiters.delete(wake);
    clearTimeout(timer);
    return done;
  }

  /**
   * The grace period is over: a stream gets a final SSE error event, every other response is cut. The
   * proxy sees a gone client, aborts the upstream call and still logs it.
   */
  endAll(): number {
    const ended = this.count;
    for (const res of this.slots) {
      if (res === undefined) continue;
      const type = sentHeader(res, 'content-type') ?? '';
      if (!res.headersSent || !type.includes('text/event-stream') || res.writableEnded) {
        res.destroy();
        continue;
      }
      // Cut once the event has reached the socket: destroy() drops what is still queued (a response
      // corks its socket until the next tick), and a client that reads nothing is cut anyway.
      const cut = () => res.destroy();
      res.write(SHUTDOWN_EVENT, cut);
      setTimeout(cut, STREAM_CUT_MS).unref();
    }
    return ended;
  }
}
