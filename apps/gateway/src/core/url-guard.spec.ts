import type { LookupAddress } from 'node:dns';
import { blockedAddressReason, HostResolver, UrlGuard } from './url-guard';

function guardWith(answers: Record<string, string[]>): UrlGuard {
  const resolver: HostResolver = {
    lookup: (host) =>
      answers[host]
        ? Promise.resolve(answers[host].map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })))
        : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' })),
  };
  return new UrlGuard(resolver);
}

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toContain(reason);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'lets public %s through',
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );
});

describe('UrlGuard.problem', () => {
  const guard = guardWith({ 'public.test': ['93.184.216.34'], 'inside.test': ['93.184.216.34', '10.0.0.5'], localhost: ['127.0.0.1'] });

  it.each([
    'http://127.0.0.1:8080/v1',
    'http://2130706433/v1',
    'http://0x7f000001/v1',
    'http://0177.0.0.1/v1',
    'http://[::1]/v1',
    'http://[::ffff:127.0.0.1]/v1',
    'http://169.254.169.254/latest',
    'http://0.0.0.0/v1',
    'http://localhost:11434/v1',
    'http://inside.test/v1',
  ])('refuses %s', async (url) => {
    expect(await guard.problem(url, false)).toMatch(/points to a .* address .*allowPrivateNetwork/);
  });

  it('allows public hosts, unresolvable names (judged at connect time) and anything with allowPrivateNetwork', async () => {
    expect(await guard.problem('https://public.test/v1', false)).toBeNull();
    expect(await guard.problem('https://nowhere.test/v1', false)).toBeNull();
    expect(await guard.problem('http://127.0.0.1:8080/v1', true)).toBeNull();
  });

  it('refuses other schemes', async () => {
    expect(await guard.problem('file:///etc/passwd', true)).toBe('must use http or https');
  });
});

describe('UrlGuard.connectLookup', () => {
  const guard = guardWith({ 'rebind.test': ['127.0.0.1'], 'public.test': ['93.184.216.34'] });
  const lookup = (allow: boolean, host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      guard.connectLookup(allow)(host, { all }, (err, address) => resolve({ err, address })),
    );

  it('fails the connection when the name now resolves to a private address', async () => {
    const { err } = await lookup(false, 'rebind.test', false);
    expect(err?.code).toBe('EADDRNOTALLOWED');
    expect(err?.message).toContain('loopback');
  });

  it('answers in both callback shapes, and allows private answers when opted in', async () => {
    expect((await lookup(false, 'public.test', false)).address).toBe('93.184.216.34');
    expect((await lookup(false, 'public.test', true)).address).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect((await lookup(true, 'rebind.test', false)).address).toBe('127.0.0.1');
  });
});
