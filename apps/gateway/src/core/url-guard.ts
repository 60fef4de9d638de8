import { Inject, Injectable } from '@nestjs/common';
import { promises as dns, LookupAddress } from 'node:dns';
import { BlockList, isIP, LookupFunction } from 'node:net';

/** Resolves a hostname to every address it has (injectable so tests can simulate DNS answers). */
export interface HostResolver {
  lookup(hostname: string): Promise<LookupAddress[]>;
}

/** Nest token of the {@link HostResolver} the SSRF guard uses, on save and at connect time. */
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** The operating system's resolver (`getaddrinfo`), every answer in its order. */
export const systemResolver: HostResolver = {
  lookup: (hostname) => dns.lookup(hostname, { all: true, verbatim: true }),
};

/** Thrown (as a connect error) when an upstream resolves to an address it may not reach. */
export class AddressNotAllowedError extends Error {
  readonly code = 'EADDRNOTALLOWED';
}

const V4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, '"this network" (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (incl. the cloud metadata service)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6_RANGES: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: [string, number, string][], type: 'ipv4' | 'ipv6'): [BlockList, string][] {
  return ranges.map(([net, prefix, label]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return [list, label];
  });
}
const V4 = blockList(V4_RANGES, 'ipv4');
const V6 = blockList(V6_RANGES, 'ipv6');

/** The 8 groups of an IPv6 address (accepts `::` and a dotted IPv4 tail). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}

/** The IPv4 address an IPv6 one carries (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64, 6to4). */
function embeddedIpv4(groups: number[]): string | null {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  const zeroPrefix = groups.slice(0, 5).every((g) => g === 0);
  if (zeroPrefix && (groups[5] === 0xffff || (groups[5] === 0 && (groups[6] !== 0 || groups[7] > 1)))) return v4(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]);
  return null;
}

/**
 * Why an upstream may not connect to this IP address (loopback, private, link-local, metadata,
 * multicast, ...), or null when it is a public address. IPv4 carried in IPv6 is judged as IPv4.
 */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return V4.find(([list]) => list.check(address, 'ipv4'))?.[1] ?? null;
  if (family !== 6) return 'not an IP address';
  const groups = ipv6Groups(address);
  const inner = embeddedIpv4(groups);
  if (inner) return blockedAddressReason(inner);
  const canonical = groups.map((g) => g.toString(16)).join(':');
  return V6.find(([list]) => list.check(canonical, 'ipv6'))?.[1] ?? null;
}

/** `[::1]` → `::1`: WHATWG URL keeps the brackets of an IPv6 host. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * The SSRF guard for upstream base URLs: http(s) only, and no loopback, private, link-local, metadata
 * or other non-public address unless the API opts in with `allowPrivateNetwork`. Checked when an API
 * is saved and again at connect time (see {@link connectLookup}), so DNS rebinding gains nothing.
 */
@Injectable()
export class UrlGuard {
  constructor(@Inject(HOST_RESOLVER) private readonly resolver: HostResolver) {}

  /**
   * What is wrong with this base URL, or null. The WHATWG parser already turns decimal, hex and
   * octal IPv4 forms (`http://2130706433`) into dotted quads. A name that does not resolve now is
   * let through: it cannot be reached either, and the connect-time check judges whatever it becomes.
   */
  async problem(url: string, allowPrivateNetwork: boolean): Promise<string | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not a valid URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
    if (allowPrivateNetwork) return null;
    const host = bareHost(parsed.hostname);
    if (isIP(host)) return this.describe(host, host);
    const addresses = await this.resolver.lookup(host).catch(() => [] as LookupAddress[]);
    for (const { address } of addresses) {
      const refused = this.describe(host, address);
      if (refused) return refused;
    }
    return null;
  }

  /** Refuses an IP literal host before any connection (no lookup happens for literals). */
  assertLiteralAllowed(hostname: string): void {
    const host = bareHost(hostname);
    const refused = isIP(host) ? this.describe(host, host) : null;
    if (refused) throw new AddressNotAllowedError(`upstream address not allowed: ${refused}`);
  }

  /**
   * A `net.connect` lookup that resolves through the injected resolver and, unless private networks
   * are allowed, fails the connection when any answer is not a public address.
   */
  connectLookup(allowPrivateNetwork: boolean): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver.lookup(hostname).then(
        (found) => {
          const family = options.family === 4 || options.family === 6 ? options.family : 0;
          const addresses = found.filter((a) => family === 0 || a.family === family);
          if (addresses.length === 0) {
            callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
            return;
          }
          const refused = allowPrivateNetwork ? null : addresses.map((a) => this.describe(hostname, a.address)).find(Boolean);
          if (refused) callback(new AddressNotAllowedError(`upstream address not allowed: ${refused}`), '', 0);
          else if (options.all) callback(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 0),
      );
    };
  }

  private describe(host: string, address: string): string | null {
    const reason = blockedAddressReason(address);
    if (!reason) return null;
    const shown = host === address ? address : `${host} → ${address}`;
    return `points to a ${reason} address (${shown}); set allowPrivateNetwork on the API to reach private networks`;
  }
}
