/**
 * API keys: when any is configured, every request but the health probes, the docs and CORS preflights
 * must present one (`Authorization: Bearer KEY` or `X-API-Key: KEY`). Keys are compared in constant
 * time (as SHA-256 digests, so lengths leak nothing either) and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { HttpError } from '../errors.js';

const PUBLIC = /^\/(healthz|readyz|openapi\.json|docs(\/.*)?)(\?.*)?$/;

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  const header = headers['x-api-key'];
  return typeof header === 'string' && header ? header : undefined;
}

export default fp(
  async (fastify) => {
    const keys = fastify.config.apiKeys.map(digest);
    if (keys.length === 0) return;
    const matches = (presented: string) => {
      const d = digest(presented);
      let ok = false;
      for (const k of keys) ok = timingSafeEqual(k, d) || ok; // no early exit
      return ok;
    };
    fastify.addHook('onRequest', async (request) => {
      if (request.method === 'OPTIONS' || PUBLIC.test(request.url)) return;
      const key = presentedKey(request.headers);
      if (key === undefined || !matches(key)) {
        throw new HttpError(401, 'unauthorized', key === undefined
          ? 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"'
          : 'the API key is not valid', { 'www-authenticate': 'Bearer realm="kqlduck"' });
      }
    });
  },
  { name: 'kqlduck-auth', dependencies: ['kqlduck-runtime'] },
);
