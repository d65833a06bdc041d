// `npm run try 02` runs this file: POST /signup from the README, built on your createApp
// from src/ with a store held in memory, so that the README's curl lines can be tried for
// real. It restarts whenever you save. Nothing to edit here.
import { randomUUID } from 'node:crypto';
import { serveExample } from '../../runner/kit/try-server.js';
import { createApp, type UserStore } from './src/app.js';
import type { Signup } from './src/signup.js';

const users = new Map<string, Signup>();
const store: UserStore = {
  async add(signup) {
    const id = randomUUID();
    users.set(id, signup);
    console.log(`stored user ${id}: ${signup.email}`);
    return id;
  },
};

await serveExample(() => createApp(store));
