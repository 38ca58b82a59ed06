import { loadConfig } from '@app/config';
import { bootstrapWorker } from '@app/kafka';
import { customersWorkerConfigSchema } from './customers-worker.config';
import { CustomersWorkerModule } from './customers-worker.module';

async function main(): Promise<void> {
  const config = loadConfig(customersWorkerConfigSchema);
  await bootstrapWorker(CustomersWorkerModule.register(config), { httpPort: config.HTTP_PORT });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `customers-worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
