/**
 * FIFO with O(1) amortised push, take and drop-oldest; returns failed batches to its head. With a
 * `weigh` function it also keeps the total weight of what it holds (the writer weighs rows by the
 * bytes of their bodies).
 */
export class RowQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly weigh: (item: T) => number = () => 0) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** The summed weight of the queued items. */
  get weight(): number {
    return this.total;
  }

  push(item: T): void {
    this.items.push(item);
    this.total += this.weigh(item);
  }

  take(count: number): T[] {
    const taken = this.items.slice(this.head, this.head + count) as T[];
    this.advance(taken.length);
    return taken;
  }

  putBack(rows: readonly T[]): void {
    this.items = [...rows, ...this.items.slice(this.head)];
    this.head = 0;
    for (const row of rows) this.total += this.weigh(row);
  }

  /** Removes up to `count` rows from the head; returns how many went. */
  dropOldest(count: number): number {
    const dropped = Math.min(Math.max(count, 0), this.length);
    this.advance(dropped);
    return dropped;
  }

  /** Empties the queue; returns how many rows it held. */
  clear(): number {
    const count = this.length;
    this.items = [];
    this.head = 0;
    this.total = 0;
    return count;
  }

  private advance(count: number): void {
    for (let i = this.head; i < this.head + count; i++) {
      this.total -= this.weigh(this.items[i] as T);
      this.items[i] = undefined; // let the rows be collected
    }
    this.head += count;
    if (this.head === this.items.length) this.clear();
    else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
