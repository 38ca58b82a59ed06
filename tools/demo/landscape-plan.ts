import { landscape } from '../landscape';

/**
 * Prints the processes the demo starts, one per line: `<service> <role> <replica> <port>`.
 * Every service of the landscape gets an API and a worker; the busiest get two of each, so the
 * demo shows replicas sharing a service's work. A second replica listens 10 ports above the first.
 */
const replicas: Partial<Record<keyof typeof landscape, { api: number; worker: number }>> = {
  customers: { api: 2, worker: 2 },
};

for (const [name, service] of Object.entries(landscape)) {
  const counts = replicas[name as keyof typeof landscape] ?? { api: 1, worker: 1 };
  for (const role of ['worker', 'api'] as const)
    for (let replica = 1; replica <= counts[role]; replica++)
      console.log(`${name} ${role} ${replica} ${service.ports[role] + 10 * (replica - 1)}`);
}
