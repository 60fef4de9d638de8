import type { FakeBehavior, SetBehaviorOptions } from './types';

interface Rule {
  behavior: FakeBehavior;
  path?: string;
  remaining?: number;
}

const NORMAL: FakeBehavior = { kind: 'normal' };

/**
 * Which behavior the next request gets. Rules limited by `times` come first, oldest first, each
 * used up request by request. Otherwise the newest lasting rule for the path (or for every path)
 * wins; a lasting rule for every path replaces all earlier lasting rules.
 */
export class BehaviorRules {
  private limited: Rule[] = [];
  private lasting: Rule[] = [];

  add(behavior: FakeBehavior, opts: SetBehaviorOptions = {}): void {
    const { path, times } = opts;
    if (times !== undefined) {
      if (times > 0) this.limited.push({ behavior, path, remaining: times });
      return;
    }
    this.lasting = path === undefined ? [] : this.lasting.filter((r) => r.path !== path);
    this.lasting.push({ behavior, path });
  }

  /** The behavior for a request to `path`, using up one turn of a `times` rule. */
  take(path: string): FakeBehavior {
    const matches = (r: Rule): boolean => r.path === undefined || r.path === path;
    const index = this.limited.findIndex(matches);
    if (index >= 0) {
      const rule = this.limited[index];
      rule.remaining = (rule.remaining ?? 1) - 1;
      if (rule.remaining <= 0) this.limited.splice(index, 1);
      return rule.behavior;
    }
    for (let i = this.lasting.length - 1; i >= 0; i--) {
      if (matches(this.lasting[i])) return this.lasting[i].behavior;
    }
    return NORMAL;
  }

  clear(): void {
    this.limited = [];
    this.lasting = [];
  }
}

/** A one-way latch: `wait()` resolves once `open()` has been called. */
export class Gate {
  private opened = false;
  private readonly promise: Promise<void>;
  private resolve!: () => void;

  constructor() {
    this.promise = new Promise<void>((resolve) => (this.resolve = resolve));
  }

  get isOpen(): boolean {
    return this.opened;
  }

  open(): void {
    this.opened = true;
    this.resolve();
  }

  wait(): Promise<void> {
    return this.promise;
  }
}
