import { CheckTimeoutError } from './check-timeout.error';

/**
 * Settles as `work` does, or rejects with `CheckTimeoutError` after `timeoutMs`; a late
 * rejection of `work` is absorbed by the race, never left unhandled.
 * @throws CheckTimeoutError when `work` outlives `timeoutMs`.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  check: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError(check, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
