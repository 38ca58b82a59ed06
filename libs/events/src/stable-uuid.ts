import { createHash } from 'node:crypto';

/**
 * Derives a UUID-shaped id (version 5 layout, SHA-256 based) from a seed: the same seed always
 * gives the same id, so a re-run emits or names the same thing.
 */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
