import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Starts the local Kafka and PostgreSQL when they are not running (idempotent). */
export default function globalSetup(): void {
  execFileSync(join(__dirname, '..', 'tools', 'stack', 'up'), { stdio: 'inherit' });
}
