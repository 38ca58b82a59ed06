import { plainWhenPipedConsoleLogger } from './console-logger';

const ESCAPE = '\u001b[';

/** Returns what the logger built while stdout is (or is not) a terminal writes for one entry. */
function written(
  isTerminal: boolean,
  message: unknown = { message: 'Heartbeat', error: 'rebalancing' },
): string {
  const descriptor = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: isTerminal, configurable: true });
  const chunks: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    plainWhenPipedConsoleLogger().warn(message, 'kafkajs');
  } finally {
    write.mockRestore();
    if (descriptor) Object.defineProperty(process.stdout, 'isTTY', descriptor);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
  return chunks.join('');
}

describe(plainWhenPipedConsoleLogger, () => {
  it('writes no colour code, and an object on one line, when stdout is a file or a pipe', () => {
    const text = written(false);
    expect(text).not.toContain(ESCAPE);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain("error: 'rebalancing'");
  });

  it('colours its lines when stdout is a terminal', () => {
    expect(written(true)).toContain(ESCAPE);
  });

  it('writes no password or token when a logged text or object holds one', () => {
    const text = written(false, {
      message: 'Cannot reach postgresql://app:pg-s3cret@db:5432/app',
      sasl: { password: 'kafka-s3cret' },
    });
    expect(text).not.toContain('pg-s3cret');
    expect(text).not.toContain('kafka-s3cret');
    expect(text).toContain('postgresql://app:[REDACTED]@db:5432/app');
  });
});
