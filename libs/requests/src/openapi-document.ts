import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** What an API says of itself in its OpenAPI document. */
export interface OpenApiDescription {
  readonly title: string;
  readonly description: string;
  /** @default '1' */
  readonly version?: string;
}

/**
 * Builds an API's OpenAPI 3.0 document from its controllers and the zod DTOs they declare, made
 * valid for validators and client generators: nestjs-zod's cleanup, one relative server (the
 * host that serves the document, as OpenAPI assumes without one; generators want it stated), and
 * the bearer-token requirement of every operation (health and metrics are not in the document).
 */
export function createOpenApiDocument(
  app: INestApplication,
  { title, description, version = '1' }: OpenApiDescription,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion(version)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'The host that serves this document')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          "An OAuth 2.0 access token from the configured issuer (AUTH_ISSUER), for this API's audience",
      },
      'bearer',
    )
    .build();
  return {
    ...cleanupOpenApiDoc(SwaggerModule.createDocument(app, config)),
    security: [{ bearer: [] }],
  };
}

/** Serves an API's OpenAPI document: Swagger UI at `/docs`, the JSON at `/docs-json`. */
export function serveOpenApiDocument(app: INestApplication, description: OpenApiDescription): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app, description), {
    jsonDocumentUrl: 'docs-json',
  });
}
