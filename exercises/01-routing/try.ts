// `npm run try 01` runs this file: the README's example application, built on your
// router from src/, so that the README's curl lines can be tried for real. It restarts
// whenever you save. Nothing to edit here.
import { serveExample } from '../../runner/kit/try-server.js';
import { createRouter } from './src/router.js';

// A stand-in for the game's scoring, which is not this exercise's subject.
const score = async (id: string) => ({ game: id, black: 1, white: 2 });

await serveExample(() => {
  const router = createRouter();
  router.on('POST', '/games', () => ({ status: 201, headers: { location: '/games/7' }, body: { id: '7' } }));
  router.on('GET', '/games/new', () => ({ body: { form: ['pegs', 'colours'] } }));
  router.on('GET', '/games/:id', ({ params }) => ({ body: { id: params.id, turns: 0 } }));
  router.on('POST', '/games/:id/guesses', async ({ params }) => ({ status: 201, body: await score(params.id) }));
  return (req, res) => router.handle(req, res);
});
