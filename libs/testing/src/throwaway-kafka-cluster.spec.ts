import { clusterUuid } from './throwaway-kafka-cluster';

describe('clusterUuid', () => {
  // One random id in 64 starts with '-': among 5,000, some would, were they not drawn again.
  const ids = Array.from({ length: 5000 }, () => clusterUuid());

  it('never starts with "-", which kafka-storage would read as an option', () => {
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
  });

  it('is 16 random bytes in URL-safe base64, as kafka-storage random-uuid prints one', () => {
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
