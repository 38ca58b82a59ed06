/**
 * Prints how many facts of each type the landscape's workers emitted, as a Prometheus scraping
 * them counts them (`events_emitted_total`). Usage: show-facts.ts <prometheus url>
 */
async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: show-facts.ts <prometheus url>');
  const query = 'sum by (type) (events_emitted_total{type=~".*\\\\.(order|payment|shipment)-.*"})';
  const reply = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await reply.json()) as {
    data: { result: { metric: { type: string }; value: [number, string] }[] };
  };
  console.log(`\nPrometheus (${url}) counted these facts: ${query}`);
  for (const { metric, value } of body.data.result.sort((a, b) =>
    a.metric.type.localeCompare(b.metric.type),
  ))
    console.log(`  ${metric.type.padEnd(36)} ${value[1]}`);
}

main().catch((error: unknown) => {
  console.error(`could not read Prometheus: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
