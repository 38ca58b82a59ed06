/** Raised at start when the environment lacks a variable or holds a bad one; names each. */
export class ConfigError extends Error {
  readonly retriable = false;

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}. Fix the environment and start again.`);
    this.name = new.target.name;
  }
}
