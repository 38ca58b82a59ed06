import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * Returns Nest's console logger, coloured only when stdout is a terminal: a file or a pipe (a
 * container's log, `app > app.log`) gets plain text, never ANSI colour codes, and an object
 * logged stays on its line.
 * @param logLevels the levels written; @default every level
 */
export function plainWhenPipedConsoleLogger(logLevels?: LogLevel[]): ConsoleLogger {
  return new ConsoleLogger({
    colors: process.stdout.isTTY === true,
    compact: true,
    ...(logLevels && { logLevels }),
  });
}
