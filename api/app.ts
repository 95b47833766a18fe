// The api as a plugin: tests build it and inject requests without listening; api/server.ts (and
// the bot process in webhook mode) create the instance and listen. Plugins load in a fixed order:
// external, then services, then routes.
import sensible from '@fastify/sensible';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.js';
import adminAuth from './plugins/admin-auth.js';
import deps, { type AppDeps } from './plugins/deps.js';
import errors from './plugins/errors.js';
import adminRoutes from './routes/admin.js';
import codecRoutes from './routes/codec.js';
import healthRoutes from './routes/health.js';
import webhookRoutes from './routes/webhook.js';

export interface AppOptions {
  deps: AppDeps;
  /** Which route groups this process serves. */
  routes: { admin?: boolean; codec?: boolean; webhook?: { bot: Bot<BotContext>; secretToken: string } };
}

const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  await fastify.register(sensible);
  await fastify.register(errors);
  await fastify.register(deps, { deps: options.deps });
  await fastify.register(adminAuth);

  await fastify.register(healthRoutes);
  if (options.routes.codec) await fastify.register(codecRoutes);
  if (options.routes.admin) await fastify.register(adminRoutes, { prefix: '/api' });
  if (options.routes.webhook) await fastify.register(webhookRoutes, options.routes.webhook);
};

// Not encapsulated: the error handler, the decorators and the hooks apply to the whole instance,
// including anything a process registers beside the app.
export default fp(app, { name: 'anticor-api' });
