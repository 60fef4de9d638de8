import { signal } from '@angular/core';

/** Ids of rows with a request in flight (toggle, delete, rotate), so a table can disable their controls meanwhile. */
export class PendingIds {
  private readonly ids = signal<ReadonlySet<string>>(new Set());

  /** Reactive: reading it in a template or computed tracks changes. */
  has(id: string): boolean {
    return this.ids().has(id);
  }

  add(id: string): void {
    this.ids.update((ids) => new Set(ids).add(id));
  }

  delete(id: string): void {
    this.ids.update((ids) => {
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  }
}
