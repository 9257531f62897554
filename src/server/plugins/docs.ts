/** OpenAPI 3 from the route schemas: the document at /openapi.json, Swagger UI at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'kqlduck',
          version: '0.1.0',
          description: 'Run Microsoft Sentinel / Defender KQL detections, unmodified, on DuckDB over Parquet archives, with Kusto\'s answers.',
        },
        tags: [
          { name: 'query', description: 'Ad-hoc KQL' },
          { name: 'tables', description: 'What data the server holds' },
          { name: 'detections', description: 'Bundled detection rules' },
          { name: 'operations', description: 'Health, readiness, metrics' },
        ],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'An API key (KQLDUCK_API_KEYS), when the server has any.' },
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          },
        },
        security: [{ bearer: [] }, { apiKey: [] }],
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
    fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());
  },
  { name: 'kqlduck-docs' },
);
