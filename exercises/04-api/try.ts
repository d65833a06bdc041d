// `npm run try 04` runs this file: the books API from the README, built on your
// createBooksApi from src/, so that the README's curl lines can be tried for real (use the
// id and ETag your POST answers with where the README shows "0c6f…" and "q8Xb…"). It
// restarts whenever you save, and the books are held in memory: a restart forgets them.
// Nothing to edit here.
import { serveExample, tryPort } from '../../runner/kit/try-server.js';
import { createBooksApi } from './src/api.js';

await serveExample(() => createBooksApi());

// Two books to start with, so that `?limit=2` has a next page once you add Dune.
for (const book of [
  { title: 'Neuromancer', author: 'William Gibson' },
  { title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin' },
]) {
  await fetch(`http://127.0.0.1:${tryPort()}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(book) });
}
