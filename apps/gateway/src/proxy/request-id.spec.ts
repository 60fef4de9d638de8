import { nextRequestId } from './request-id';

describe('nextRequestId', () => {
  it('keeps the req_ + 24 hex shape and never repeats', () => {
    const ids = Array.from({ length: 10_000 }, () => nextRequestId());
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(1); // one random prefix per process
    // A counter: each id is the one before plus one, across the steps where its last two digits wrap.
    const counts = ids.map((id) => parseInt(id.slice(16), 16));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBe(counts[i - 1] + 1);
  });
});
