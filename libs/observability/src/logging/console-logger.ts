import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { redactText } from './redact-secrets';

/** Nest's console logger, with the secrets of each line redacted as the JSON logger does. */
class RedactingConsoleLogger extends ConsoleLogger {
  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return redactText(super.formatMessage(...args));
  }
}

/**
 * Returns Nest's console logger, coloured only when stdout is a terminal: a file or a pipe (a
 * container's log, `app > app.log`) gets plain text, never ANSI colour codes, and an object
 * logged stays on its line. Secrets are redacted (a URL's password, a token, `password=...`).
 * @param logLevels the levels written; @default every level
 */
export function plainWhenPipedConsoleLogger(logLevels?: LogLevel[]): ConsoleLogger {
  return new RedactingConsoleLogger({
    colors: process.stdout.isTTY === true,
    compact: true,
    ...(logLevels && { logLevels }),
  });
}
