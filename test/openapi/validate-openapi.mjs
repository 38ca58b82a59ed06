// Validates the OpenAPI document read on stdin with swagger-parser and lints it with Redocly's
// recommended rules; prints { swaggerParser: null | error message, redocly: problems } as JSON.
// Both validators are (or load) ES modules, which Jest's CommonJS runtime cannot load, so the
// OpenAPI e2e spec runs this file with plain node.
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const source = Buffer.concat(chunks).toString('utf8');

let swaggerParser = null;
try {
  await SwaggerParser.validate(JSON.parse(source));
} catch (error) {
  swaggerParser = error instanceof Error ? error.message : String(error);
}

const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
const redocly = problems.map((problem) => ({
  rule: problem.ruleId,
  severity: problem.severity,
  message: problem.message,
  at: problem.location[0]?.pointer,
}));
process.stdout.write(JSON.stringify({ swaggerParser, redocly }));
