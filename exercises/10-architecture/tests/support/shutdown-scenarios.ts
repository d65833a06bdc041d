// Two stories told to the learner's service running as a real process. Each records
// what it saw, step by step, and never throws: the tests then check one observation
// each and show the whole timeline in their failure messages.
//
// "drain": a kept-alive idle connection, a request held in flight by the upstream, then
// SIGTERM, with the default deadline; a new connection is tried; the upstream answers;
// the process should exit 0.
// "deadline": a request that never finishes, SIGINT (Ctrl-C) with a short deadline; the
// process should cut it off at the deadline and exit 1.
import { networkInterfaces } from 'node:os';
import { dial, showResponse, type RawConnection, type RawResponse } from './raw-http.js';
import { startProgram, type Ending, type Program } from './program.js';
import { startUpstream, type Upstream } from './upstream.js';
import { settlesWithin, within } from '../../../../runner/kit/time.js';

/** The whole story may take this long, start-up included; the tests' hook allows a little more. */
const STORY_BUDGET_MS = 17_000;
/** Starting `node --import tsx` takes 0.3 s on an idle machine and seconds on a busy one. */
const STARTUP_PATIENCE_MS = 12_000;
/** A correct program takes milliseconds for each step: this is only reached when something is wrong. */
const STEP_PATIENCE_MS = 3_000;
export const EXIT_PATIENCE_MS = 5_000;
/** The drain story leaves SHUTDOWN_DEADLINE_MS unset: the default, 10 s, is beyond EXIT_PATIENCE_MS, so a program that needs its deadline to exit has not drained by itself. */
export const DEFAULT_DEADLINE_MS = 10_000;
export const SHORT_DEADLINE_MS = 400;
export const REPORT_TEXT = '42 widgets shipped';

export interface Story {
  /** What happened, in order, in the learner's terms. */
  timeline: string[];
  /** How the program was started, whether it still runs, and its stderr. */
  program: string;
  listening: boolean;
}

export interface DrainStory extends Story {
  /** This machine's other addresses on which the program accepted a connection; undefined: not reached. */
  elsewhere?: string[];
  draining: boolean;
  /** The response to GET /health on the connection that then stays idle. */
  health?: RawResponse;
  /** Whether the idle kept-alive connection was closed by the server after SIGTERM; undefined: not reached. */
  idleClosed?: boolean;
  /** A connection tried after "draining": refused, or accepted (and what it got). */
  fresh?: { refused: true; code: string } | { refused: false; response?: RawResponse };
  /** The response to the request that was in flight when SIGTERM came. */
  inFlight?: { response: RawResponse } | { error: string };
  /** Whether the server closed the in-flight request's connection after answering. */
  inFlightClosed?: boolean;
  /** How the program ended after the last response; undefined: still running when patience ran out. */
  ending?: Ending;
}

export interface DeadlineStory extends Story {
  /** Whether the process ended by itself within the deadline plus patience. */
  ending?: Ending;
  /** What the client of the stuck request saw. */
  inFlight?: { response: RawResponse } | { error: string };
}

function environment(upstream: Upstream, deadlineMs?: number): Record<string, string> {
  return deadlineMs === undefined ? { UPSTREAM_URL: upstream.url } : { UPSTREAM_URL: upstream.url, SHUTDOWN_DEADLINE_MS: String(deadlineMs) };
}

function budget() {
  const end = Date.now() + STORY_BUDGET_MS;
  return (ms: number) => Math.max(0, Math.min(ms, end - Date.now()));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function listeningPort(program: Program, patience: number, story: Story): Promise<number | undefined> {
  // A "listening" line without a port is as wrong as none, and need not be waited out.
  const line = await program.waitForLine(/^listening\b/, patience);
  if (line === undefined) {
    story.timeline.push(program.hasEnded() ? 'the program ended before it wrote "listening <port>" on stdout' : `no "listening <port>" line on stdout within ${seconds(patience)} of starting`);
    return undefined;
  }
  if (!/^listening \d+$/.test(line)) {
    story.timeline.push(`stdout: ${line} (not "listening <port>": write the port the server listens on, once listen() has called back)`);
    return undefined;
  }
  story.listening = true;
  story.timeline.push(`stdout: ${line}`);
  return Number(line.split(' ')[1]);
}

/**
 * This machine's addresses but 127.0.0.1 (link-local IPv6 needs a zone, and is left out).
 * Linux answers on all of 127.0.0.0/8, so 127.0.0.2 is one even on a machine with no
 * network at all.
 */
function otherAddresses(): string[] {
  const own = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address)
    .filter((address) => address !== '127.0.0.1' && !address.toLowerCase().startsWith('fe80:'));
  return process.platform === 'linux' ? [...own, '127.0.0.2'] : own;
}

/** Which of this machine's other addresses accept a connection on the port. */
async function acceptedElsewhere(port: number, patience: number): Promise<string[]> {
  const tries = otherAddresses().map(async (address) => {
    // A local address answers at once, accepted or refused; the bound only guards a firewall that drops.
    const dialled = await within(dial(port, address), patience, 'no answer').catch(() => undefined);
    if (dialled?.ok) dialled.connection.destroy();
    return dialled?.ok ? [address] : [];
  });
  return (await Promise.all(tries)).flat();
}

async function open(port: number, opened: RawConnection[]): Promise<RawConnection | string> {
  const dialled = await dial(port);
  if (!dialled.ok) return dialled.code;
  opened.push(dialled.connection);
  return dialled.connection;
}

async function responseWithin(connection: RawConnection, ms: number): Promise<{ response: RawResponse } | { error: string }> {
  try {
    return { response: await within(connection.response(), ms, `no response within ${seconds(ms)}`) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function summary(response: RawResponse): string {
  return `${response.status}, Connection: ${response.headers.connection ?? '(none)'}, body ${response.body}`;
}

export async function tellDrainStory(file: string): Promise<DrainStory> {
  const left = budget();
  const story: DrainStory = { timeline: [], program: '', listening: false, draining: false };
  const note = (text: string) => story.timeline.push(text);
  const stopAt = (text: string) => (note(text), story);
  const upstream = await startUpstream();
  const program = startProgram(file, environment(upstream));
  const opened: RawConnection[] = [];
  note(`started with ${Object.entries(environment(upstream)).map(([name, value]) => `${name}=${value}`).join(' ')} (SHUTDOWN_DEADLINE_MS not set: the default, ${DEFAULT_DEADLINE_MS} ms)`);
  try {
    const port = await listeningPort(program, left(STARTUP_PATIENCE_MS), story);
    if (port === undefined) return story;
    story.elsewhere = await acceptedElsewhere(port, left(STEP_PATIENCE_MS));
    if (story.elsewhere.length > 0) note(`connections to port ${port} at ${story.elsewhere.join(', ')} (other addresses of this machine) were accepted`);

    const idle = await open(port, opened);
    if (typeof idle === 'string') return stopAt(`connection A to port ${port} failed: ${idle}`);
    idle.send('/health');
    const health = await responseWithin(idle, left(STEP_PATIENCE_MS));
    if ('error' in health) return stopAt(`connection A: GET /health: ${health.error}`);
    story.health = health.response;
    note(`connection A: GET /health → ${summary(health.response)}, Keep-Alive: ${health.response.headers['keep-alive'] ?? '(none)'}; the client keeps the connection open, idle (keep-alive)`);

    const busy = await open(port, opened);
    if (typeof busy === 'string') return stopAt(`connection B to port ${port} failed: ${busy}`);
    busy.send('/report');
    if (!(await settlesWithin(upstream.arrived, left(STEP_PATIENCE_MS)))) return stopAt('connection B: GET /report sent, but the upstream service never got a call');
    note('connection B: GET /report sent; the program called the upstream service, which holds its answer: the request is in flight');

    program.signal('SIGTERM');
    note('SIGTERM sent to the program');
    const draining = await program.waitForLine(/^draining$/, left(STEP_PATIENCE_MS));
    story.draining = draining !== undefined;
    note(story.draining ? 'stdout: draining' : program.hasEnded() ? 'the program ended without writing "draining"' : `no "draining" line on stdout within ${seconds(STEP_PATIENCE_MS)} of SIGTERM`);

    story.idleClosed = await settlesWithin(idle.closed, left(STEP_PATIENCE_MS));
    note(story.idleClosed ? 'connection A (idle) was closed by the server' : `connection A (idle) was still open ${seconds(STEP_PATIENCE_MS)} later`);

    const fresh = await open(port, opened);
    if (typeof fresh === 'string') {
      story.fresh = { refused: true, code: fresh };
      note(`connection C, opened after "draining": refused (${fresh})`);
    } else {
      fresh.send('/health');
      const answer = await responseWithin(fresh, left(STEP_PATIENCE_MS));
      story.fresh = 'response' in answer ? { refused: false, response: answer.response } : { refused: false };
      note(`connection C, opened after "draining": accepted; GET /health → ${'response' in answer ? summary(answer.response) : answer.error}`);
      fresh.destroy();
    }

    upstream.release(REPORT_TEXT);
    note(`the upstream service answers "${REPORT_TEXT}"`);
    story.inFlight = await responseWithin(busy, left(STEP_PATIENCE_MS));
    note('response' in story.inFlight ? `connection B: the response to GET /report arrives: ${summary(story.inFlight.response)}` : `connection B: ${story.inFlight.error}`);
    if ('error' in story.inFlight && busy.pending() !== '') note(`  (what arrived on it: ${JSON.stringify(busy.pending().slice(0, 200))})`);

    story.inFlightClosed = await settlesWithin(busy.closed, left(STEP_PATIENCE_MS));
    note(story.inFlightClosed ? 'connection B was closed by the server' : `connection B was still open ${seconds(STEP_PATIENCE_MS)} after its response`);

    const exitPatience = left(EXIT_PATIENCE_MS);
    const ended = await settlesWithin(program.ended, exitPatience);
    if (ended) story.ending = await program.ended;
    note(story.ending ? (story.ending.signal ? `the program was killed by ${story.ending.signal}` : `the program exited with code ${story.ending.code}`) : `the program was still running ${seconds(exitPatience)} after the last response (the test then killed it)`);
    return story;
  } finally {
    for (const connection of opened) connection.destroy();
    await program.stop();
    await upstream.close();
    story.program = program.describe();
  }
}

export async function tellDeadlineStory(file: string): Promise<DeadlineStory> {
  const left = budget();
  const story: DeadlineStory = { timeline: [], program: '', listening: false };
  const note = (text: string) => story.timeline.push(text);
  const stopAt = (text: string) => (note(text), story);
  const upstream = await startUpstream();
  const program = startProgram(file, environment(upstream, SHORT_DEADLINE_MS));
  const opened: RawConnection[] = [];
  note(`started with ${Object.entries(environment(upstream, SHORT_DEADLINE_MS)).map(([name, value]) => `${name}=${value}`).join(' ')}`);
  try {
    const port = await listeningPort(program, left(STARTUP_PATIENCE_MS), story);
    if (port === undefined) return story;
    const busy = await open(port, opened);
    if (typeof busy === 'string') return stopAt(`connection to port ${port} failed: ${busy}`);
    busy.send('/report');
    if (!(await settlesWithin(upstream.arrived, left(STEP_PATIENCE_MS)))) return stopAt('GET /report sent, but the upstream service never got a call');
    note('GET /report sent; the program called the upstream service, which will never answer');
    program.signal('SIGINT');
    note('SIGINT sent to the program (Ctrl-C in a terminal)');
    const patience = left(SHORT_DEADLINE_MS + EXIT_PATIENCE_MS);
    if (await settlesWithin(program.ended, patience)) story.ending = await program.ended;
    note(story.ending ? (story.ending.signal ? `the program was killed by ${story.ending.signal}` : `the program exited with code ${story.ending.code}`) : `the program was still running ${seconds(patience)} after SIGINT (the test then killed it)`);
    story.inFlight = await responseWithin(busy, story.ending ? left(STEP_PATIENCE_MS) : 0);
    note('response' in story.inFlight ? `the stuck request got a response: ${summary(story.inFlight.response)}` : `the stuck request: ${story.inFlight.error}`);
    return story;
  } finally {
    for (const connection of opened) connection.destroy();
    await program.stop();
    await upstream.close();
    story.program = program.describe();
  }
}

/** The story for a failure message. */
export function told(story: Story): string {
  return `  what happened:\n${story.timeline.map((line) => `    ${line}`).join('\n')}\n${story.program}`;
}

export { showResponse };
