import { heapGrowthFlag } from './heap-growth';

const GiB = 1024 ** 3;

describe('heapGrowthFlag', () => {
  it('holds the old generation to 2.5× on a large heap limit, where V8 would allow 4×', () => {
    expect(heapGrowthFlag({ execArgv: [], nodeOptions: '', heapSizeLimit: 4 * GiB })).toBe('--heap-growing-percent=150');
    expect(heapGrowthFlag({ execArgv: ['--enable-source-maps'], nodeOptions: '--no-warnings', heapSizeLimit: 2 * GiB })).toBe(
      '--heap-growing-percent=150',
    );
  });

  it('leaves V8 alone below 2 GiB, where it already stays at or under ~2×', () => {
    expect(heapGrowthFlag({ execArgv: [], nodeOptions: '', heapSizeLimit: 2 * GiB - 1 })).toBeNull();
    expect(heapGrowthFlag({ execArgv: [], nodeOptions: '', heapSizeLimit: 512 * 1024 ** 2 })).toBeNull();
  });

  it("leaves the operator's own heap flags alone, on the command line or in NODE_OPTIONS, dashes or underscores", () => {
    const large = 4 * GiB;
    for (const execArgv of [
      ['--max-old-space-size=4096'],
      ['--max_old_space_size=4096'],
      ['--heap-growing-percent=40'],
      ['--max-heap-size=3000'],
    ])
      expect(heapGrowthFlag({ execArgv, nodeOptions: '', heapSizeLimit: large })).toBeNull();
    expect(heapGrowthFlag({ execArgv: [], nodeOptions: '--max-old-space-size=1536 --no-warnings', heapSizeLimit: large })).toBeNull();
  });
});
