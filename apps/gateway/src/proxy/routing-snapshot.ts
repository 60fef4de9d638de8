import type { UpstreamApi } from '@switchyard/providers';
import { hash } from 'node:crypto';
import type { UserKeyHolder } from '../users/user-mapper';

/** An upstream API as the router needs it (key decrypted, prices for cost). */
export interface RoutedApi extends UpstreamApi {
  enabled: boolean;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  allowPrivateNetwork: boolean;
}

export interface RoutedAlias {
  id: string;
  alias: string;
  strategy: 'priority' | 'weighted';
  enabled: boolean;
  targets: { apiId: string; weight: number; priority: number }[];
  createdAt: Date;
}

/** A client key holder, found by the sha256 of the presented key. */
export type KeyHolder = UserKeyHolder;

/** Everything `/v1` reads per request, held in memory and swapped whole on reload. */
export class RoutingSnapshot {
  readonly usersByKeyHash: ReadonlyMap<string, KeyHolder>;
  readonly aliases: ReadonlyMap<string, RoutedAlias>;
  readonly apis: ReadonlyMap<string, RoutedApi>;

  constructor(users: KeyHolder[], aliases: RoutedAlias[], apis: RoutedApi[]) {
    this.usersByKeyHash = new Map(users.map((u) => [u.keyHash, u]));
    this.aliases = new Map(aliases.map((a) => [a.alias, a]));
    this.apis = new Map(apis.map((a) => [a.id, a]));
  }

  private readonly fixedOrders = new Map<RoutedAlias, readonly RoutedApi[]>();
  private readonly matchedKeys = new Map<string, KeyHolder>();

  /**
   * The holder of a presented key, by its sha256; a key that matched is remembered for the life of
   * this snapshot, so that a client's key is hashed once per snapshot rather than on every call
   * (sha256 was ~1.5 % of the proxy's CPU per call, docs/performance.md, eleventh pass). Only keys
   * that matched are kept: at most one per key holder, never what an unknown client sends. They sit
   * in memory next to the decrypted upstream keys this snapshot already holds.
   */
  userByKey(key: string): KeyHolder | undefined {
    let user = this.matchedKeys.get(key);
    if (user === undefined) {
      user = this.usersByKeyHash.get(hash('sha256', key, 'hex'));
      if (user !== undefined) this.matchedKeys.set(key, user);
    }
    return user;
  }

  /**
   * `compute()` for this alias, computed on the first call only: for an order that depends on nothing
   * but the snapshot (the `priority` strategy), which never changes once built.
   */
  fixedOrder(alias: RoutedAlias, compute: () => readonly RoutedApi[]): readonly RoutedApi[] {
    let order = this.fixedOrders.get(alias);
    if (order === undefined) {
      // Shared by every call, read-only by its type. Not frozen: V8's array builtins take their slow path
      // on a frozen array (`filter` on this one-API list: 309 ns against 48, docs/performance.md).
      order = compute();
      this.fixedOrders.set(alias, order);
    }
    return order;
  }

  static empty(): RoutingSnapshot {
    return new RoutingSnapshot([], [], []);
  }

  /** May this user call this alias? */
  static allows(user: KeyHolder, alias: string): boolean {
    return user.allowedModels.includes('*') || user.allowedModels.includes(alias);
  }
}
