import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** Route config read by the OpenAPI transform. */
export interface OpenApiRouteConfig {
  /** The multipart form a handler streams itself, so Fastify must not validate it as a body. */
  multipartForm?: z.ZodType;
}

// Statuses that carry no body; @fastify/swagger leaves out the content of a `null` schema.
const BODILESS_STATUSES = ['204', '304'];

/**
 * The zod type provider's transform, plus what it cannot see on its own: a multipart request
 * body documented from route config, and no content for responses that have none.
 */
export const openApiTransform: SwaggerTransform = (document) => {
  const config = document.route?.config as OpenApiRouteConfig | undefined;
  const input = config?.multipartForm
    ? {
        ...document,
        schema: {
          ...document.schema,
          body: config.multipartForm,
          consumes: ['multipart/form-data'],
        },
      }
    : document;

  const result = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const responses = (result.schema as { response?: Record<string, { description?: string }> })
    ?.response;
  for (const status of BODILESS_STATUSES) {
    const response = responses?.[status];
    if (response) responses[status] = { type: 'null', description: response.description } as never;
  }
  return result;
};
