// `npm run try 08` runs this file: the notes service, put together from your src/ files
// as its main would: configuration from the environment (with example values for what
// is not set), your CORS policy from it, your health routes with a database that is up,
// and the OpenAPI document at /openapi.json. It restarts whenever you save. Nothing to
// edit here. Try, for example:
//   curl -i localhost:3000/readyz
//   curl -i -X OPTIONS localhost:3000/notes -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: PUT'
import { serveExample } from '../../runner/kit/try-server.js';
import { thrownAt } from '../../runner/kit/where.js';
import { createApp } from './src/app.js';
import { loadConfig } from './src/config.js';
import { createOpenApiDocument } from './src/openapi.js';
import { sendJson } from './src/respond.js';

const EXAMPLE_ENV = {
  DATABASE_URL: 'postgres://notes:example@localhost:5432/notes',
  SESSION_SECRET: 'an example secret, at least 32 characters',
  CORS_ORIGINS: 'https://app.example',
  CORS_CREDENTIALS: 'true',
};

/**
 * The configuration your loadConfig reads from the environment. Until task 2 is done (it
 * still throws its TODO), the example values are used as they are, so that the CORS of
 * task 1 and the health routes of task 3 can be tried before it; a ConfigError is yours.
 */
function configuration(): { readinessTimeoutMs: number; corsOrigins: readonly string[]; corsCredentials: boolean } {
  try {
    const config = loadConfig({ ...EXAMPLE_ENV, ...process.env });
    console.log('configuration:', config);
    return config;
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('TODO')) throw error;
    console.log(`loadConfig is still a TODO (${error.message.split('\n')[0]}${thrownAt(error)}): using READINESS_TIMEOUT_MS=2000 and the example values CORS_ORIGINS=${EXAMPLE_ENV.CORS_ORIGINS}, CORS_CREDENTIALS=${EXAMPLE_ENV.CORS_CREDENTIALS}`);
    return { readinessTimeoutMs: 2_000, corsOrigins: [EXAMPLE_ENV.CORS_ORIGINS], corsCredentials: true }; // the README's defaults
  }
}

await serveExample(() => {
  const config = configuration();
  const app = createApp({
    dependencies: [{ name: 'database', check: async () => {} }],
    readinessTimeoutMs: config.readinessTimeoutMs,
    cors: {
      origins: config.corsOrigins,
      credentials: config.corsCredentials,
      methods: ['GET', 'POST', 'PUT', 'PATCH'],
      headers: ['Content-Type', 'Authorization'],
      exposeHeaders: ['Location'],
      maxAgeSeconds: 600,
    },
  });
  return (req, res) => (req.url === '/openapi.json' ? sendJson(res, 200, createOpenApiDocument()) : app(req, res));
});
