import { createHash } from 'node:crypto';
import { KeyHolder, RoutingSnapshot } from './routing-snapshot';

const holder = (id: string, key: string): KeyHolder => ({
  id,
  name: id,
  keyHash: createHash('sha256').update(key).digest('hex'),
  allowedModels: ['*'],
  rateLimitRpm: null,
  rateLimitTpm: null,
  budgetUsd: null,
  budgetPeriod: 'month',
  spentUsd: 0,
  enabled: true,
  expiresAt: null,
});

describe('RoutingSnapshot.userByKey', () => {
  const alice = holder('alice', 'sk-sy-alice');
  const bob = holder('bob', 'sk-sy-bob');

  it('finds a key holder by the sha256 of the presented key, the same one on every call', () => {
    const snapshot = new RoutingSnapshot([alice, bob], [], []);
    expect(snapshot.userByKey('sk-sy-alice')).toBe(alice);
    expect(snapshot.userByKey('sk-sy-bob')).toBe(bob);
    expect(snapshot.userByKey('sk-sy-alice')).toBe(alice);
  });

  it('finds nothing for an unknown key, however often it is presented', () => {
    const snapshot = new RoutingSnapshot([alice], [], []);
    for (let i = 0; i < 3; i++) expect(snapshot.userByKey('sk-sy-mallory')).toBeUndefined();
    expect(snapshot.userByKey('sk-sy-alic')).toBeUndefined();
    expect(snapshot.userByKey('sk-sy-alice ')).toBeUndefined();
  });

  it('remembers nothing across snapshots: a key rotated away stops matching in the next one', () => {
    const before = new RoutingSnapshot([alice], [], []);
    expect(before.userByKey('sk-sy-alice')).toBe(alice);
    const rotated = holder('alice', 'sk-sy-alice-2');
    const after = new RoutingSnapshot([rotated], [], []);
    expect(after.userByKey('sk-sy-alice')).toBeUndefined();
    expect(after.userByKey('sk-sy-alice-2')).toBe(rotated);
  });
});
