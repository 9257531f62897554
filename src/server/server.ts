/**
 * The process around the app: build it, listen, and close gracefully on SIGINT/SIGTERM (no new
 * queries, running ones get the grace period and are then cancelled, DuckDB closes). A second signal
 * exits at once.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import app, { serverOptions } from './app.js';
import type { ServerConfig } from './config.js';

export async function buildServer(config: ServerConfig): Promise<FastifyInstance> {
  const server = Fastify(serverOptions(config));
  await server.register(fp(app, { name: 'kqlduck' }), { config });
  return server;
}

export async function startServer(config: ServerConfig, { handleSignals = true } = {}): Promise<FastifyInstance> {
  const server = await buildServer(config);
  try {
    await server.listen({ host: config.host, port: config.port });
  } catch (err) {
    await server.close();
    throw err;
  }
  if (handleSignals) closeOnSignals(server, config.shutdownGraceMs);
  return server;
}

function closeOnSignals(server: FastifyInstance, graceMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    server.log.info({ signal }, 'shutting down');
    // a last resort if something still holds the server open well past the grace period
    const force = setTimeout(() => {
      server.log.error('shutdown did not complete in time: exiting');
      process.exit(1);
    }, graceMs + 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
