import { executionAsyncResource } from 'node:async_hooks';
import { pinnedTickObject, pinTickObjectLayout } from './http-setup';

const ids = (tick: object) => Object.getOwnPropertySymbols(tick).map((s) => s.description);

describe('pinTickObjectLayout', () => {
  it("holds one of process.nextTick's tick objects, of the shape nextTick builds", async () => {
    pinTickObjectLayout();
    const pinned = pinnedTickObject();
    if (pinned === null) throw new Error('no tick object was pinned');
    // A canary for Node upgrades: the callback and its arguments, next to the two symbol-keyed ids.
    expect(pinned).toEqual(expect.objectContaining({ callback: expect.any(Function) }));
    expect(ids(pinned)).toEqual(expect.arrayContaining(['async_id_symbol', 'trigger_async_id_symbol']));

    // The tick object running a callback has the same keys as the pinned one.
    const running = await new Promise<object>((resolve) => process.nextTick(() => resolve(executionAsyncResource())));
    expect(Object.keys(running)).toEqual(Object.keys(pinned));
    expect(ids(running)).toEqual(ids(pinned));

    // Pinning again keeps the first one.
    pinTickObjectLayout();
    expect(pinnedTickObject()).toBe(pinned);
  });
});
