// `npm run try 05` runs this file: the README's reports server, guarded by your
// requireRole from src/ (tokens are checked with your verifyJwt), so that the README's
// curl lines can be tried for real. At start it prints tokens made with your signJwt to
// paste into them. It restarts whenever you save. Nothing to edit here.
import type { ServerResponse } from 'node:http';
import { serveExample } from '../../runner/kit/try-server.js';
import { requireRole } from './src/guard.js';
import { signJwt } from './src/jwt.js';

// A fixed key, so that the tokens printed below still hold after a restart. A real service
// takes a random key from its secret store, never one written in its code.
const key = Buffer.from('try-only key, never a real one: 32+ bytes long', 'utf8');

function showReport(req: { url?: string | undefined }, res: ServerResponse): void {
  const id = /^\/reports\/([\w-]+)$/.exec(req.url ?? '')?.[1];
  const body = JSON.stringify(id === undefined ? { error: 'not found' } : { id, revenue: 1_250_000, currency: 'EUR' });
  res.writeHead(id === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body);
}

const inAnHour = Math.floor(Date.now() / 1000) + 3600;
for (const roles of [['reader'], ['auditor']]) {
  try {
    console.log(`A token with roles ${JSON.stringify(roles)}, valid for an hour:\n  ${signJwt({ sub: 'ada', roles, exp: inAnHour }, key)}`);
  } catch (error) {
    console.error(`signJwt could not make a token with roles ${JSON.stringify(roles)}: ${(error as Error).message}`);
  }
}

await serveExample(() => requireRole({ key, role: 'auditor', realm: 'reports' }, showReport));
