import { loadConfig } from '@app/config';
import { bootstrapWorker } from '@app/kafka';
import { customersWorkerConfigSchema } from './customers-worker.config';
import { CustomersWorkerModule } from './customers-worker.module';

async function main(): Promise<void> {
  const config = loadConfig(customersWorkerConfigSchema);
  // All interfaces: kubelet probes and the metrics scrape reach the pod's IP.
  await bootstrapWorker(CustomersWorkerModule.register(config), {
    httpPort: config.HTTP_PORT,
    host: '0.0.0.0',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `customers-worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
