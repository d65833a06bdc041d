import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { execa, type Result } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedTests, willRun } from '../../../runner/kit/planned-tests.js';
import { python3 } from '../../../runner/kit/python.js';
import { seededRandom } from '../../../runner/kit/random.js';
// The module tells the test where its file really is: the runner may serve src/ from
// another folder (the reference solution, a mutant), and a child process started by
// path does not pass through the runner, so a path written here would miss that.
import { entryFile, serveLines } from '../src/stdio-server.js';
import { comparable, SPEC_EXAMPLES, SPEC_SECTION, transcript, type SpecExample } from './support/spec-examples.js';
import { repositoryRoot, startPeer, type Ending, type StdioPeer } from './support/stdio-peer.js';

const pythonClient = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'python_client.py');
const python = await python3();
const hasPython = python !== undefined;
const PYTHON_TEST = "is used by a Python client (standard library only) that checks the answers with Python's int, datetime and base64";
const CLOSING = 'when the caller sends notifications, then one slow call, then closes stdin';

/** The spec prints some requests over several lines; newline-delimited JSON sends each on one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function parseLine(line: string, peer: StdioPeer, sent: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`every line on stdout must be one JSON answer, and this one is not: ${JSON.stringify(line)}\n  (the request was ${sent}; logs belong on stderr)\n${peer.describe()}`);
  }
}

function call(method: string, params: unknown, id: string): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params, id });
}

/** The spec's notifications, then one slow call; then stdin is closed. */
const NOTIFICATIONS = SPEC_EXAMPLES.filter((example) => example.answer === undefined).map((example) => oneLine(example.request));
const SLOW_CALL = '{"jsonrpc": "2.0", "method": "wait", "params": {"ms": 100}, "id": "in-flight"}';

interface Closed extends Ending {
  /** Whether the program answered a call before the notifications were sent. */
  answeredFirstCall: boolean;
  shown: string;
}

/** Starts a second copy of the program, sends it the lines above, closes its stdin and collects what it wrote. */
async function sendAndClose(): Promise<Closed> {
  const program = startPeer(entryFile);
  try {
    // Start-up is not timed: the time allowed after closing stdin is the program's own.
    const answeredFirstCall = await program.ready();
    program.drop();
    program.write([...NOTIFICATIONS, SLOW_CALL].map((line) => `${line}\n`).join(''));
    return { ...(await program.end()), answeredFirstCall, shown: program.describe() };
  } finally {
    await program.stop();
  }
}

function startPython(seed: number) {
  // A wide wall-clock bound: a busy machine slows Python and tsx down, and the runner's
  // watchdog already stops a client that waits for an answer that never comes.
  return execa(python ?? 'python3', [pythonClient, process.execPath, entryFile, String(seed)], { cwd: repositoryRoot, reject: false, timeout: 120_000 });
}

describe('task 4: serve over stdin and stdout', () => {
  // Three programs, started together so that their start-ups overlap: one that the tests
  // below talk to in turn, one whose stdin is closed, and one that Python drives. The last
  // two start here only when a test that uses them will run (all of them, unless a filter
  // or the self-check runs fewer); a test that finds its program not started starts it.
  const pythonRng = seededRandom();
  let peer: StdioPeer;
  let closed: Promise<Closed> | undefined;
  let pythonRun: Promise<Result> | undefined;
  const closedRun = (): Promise<Closed> => (closed ??= sendAndClose());
  const pythonReport = (): Promise<Result> => (pythonRun ??= startPython(pythonRng.seed));
  beforeAll(async ({}, suite) => {
    const planned = plannedTests(suite);
    peer = startPeer(entryFile);
    // Awaited by the tests; the catch only keeps an early failure from counting as unhandled.
    if (willRun(planned, (name) => name.startsWith(`${CLOSING} > `))) closedRun().catch(() => undefined);
    if (hasPython && willRun(planned, (name) => name.startsWith(PYTHON_TEST))) void pythonReport();
    await peer.ready();
  });
  afterAll(async () => {
    await peer.stop();
    await pythonRun;
  });

  it('answers every example of the spec that has an answer, one line of JSON per answer', async () => {
    const answered = SPEC_EXAMPLES.filter((example): example is SpecExample & { answer: string } => example.answer !== undefined);
    for (const example of answered) {
      peer.drop();
      const request = oneLine(example.request);
      const context = `the spec's example "${example.title}" (${SPEC_SECTION}), sent as one line on stdin; the answer must be the next line on stdout\n${transcript(request, example.answer)}  (expected)`;
      const line = await peer.send(request).catch((error: unknown) => {
        throw new Error(`${context}\n  ${error instanceof Error ? error.message : String(error)}`);
      });
      const why = `${context}\n  your line:  ${line}\n${peer.describe()}`;
      expect(comparable(parseLine(line, peer, request)), why).toEqual(comparable(JSON.parse(example.answer)));
    }
  });

  it('answers two requests that arrive in one write, each on its own line', async () => {
    peer.drop();
    const first = call('subtract', [10, 4], 'first-of-two');
    const second = call('subtract', { minuend: 3, subtrahend: 5 }, 'second-of-two');
    peer.write(`${first}\n${second}\n`);
    const answers = [await peer.nextLine(), await peer.nextLine()].map((line) => parseLine(line, peer, `${first} and ${second}`) as { id: unknown; result: unknown });
    const byId = Object.fromEntries(answers.map((answer) => [String(answer.id), answer.result]));
    expect(byId, `one read from a pipe can hold several lines (or part of one): split on "\\n", never treat a chunk as a message\n  --> ${first}\n  --> ${second}\n${peer.describe()}`).toEqual({ 'first-of-two': 6, 'second-of-two': -2 });
  });

  it('reads a request longer than one pipe read, with multi-byte characters cut between reads', async () => {
    peer.drop();
    const rng = seededRandom();
    // Well past the 64 KiB a pipe hands over at once; the 3- and 4-byte characters land across the cuts.
    const text = Array.from({ length: 70_000 }, () => rng.pick(['a', 'é', '€', '😀', '中'])).join('');
    const request = call('utf8_length', { text }, 'long');
    const line = await peer.send(request);
    const expected = new TextEncoder().encode(text).length;
    const answer = parseLine(line, peer, 'utf8_length of a long text') as { result?: unknown };
    expect(answer.result, rng.tag(`utf8_length of a ${text.length}-unit text sent as ${Buffer.byteLength(request)} bytes must be ${expected}: join chunks into lines before parsing, and decode UTF-8 across chunk edges (a character cut between two reads must not become "\uFFFD")\n  your line: ${line.slice(0, 300)}\n${peer.describe()}`)).toBe(expected);
  });

  it('adds random 64-bit integers sent as strings exactly, answering with a string', async () => {
    peer.drop();
    const rng = seededRandom();
    for (let i = 0; i < 10; i++) {
      const a = (BigInt(rng.int(2 ** 21, 2 ** 30)) << 32n) + BigInt(rng.int(0, 2 ** 32 - 1));
      const b = BigInt(rng.int(-(2 ** 31), 2 ** 31));
      const request = call('int64_add', { a: a.toString(), b: b.toString() }, `int64-${i}`);
      const line = await peer.send(request);
      const answer = parseLine(line, peer, request) as { result?: unknown };
      expect(answer.result, rng.tag(`${a} + ${b} = ${a + b} exactly, sent back as a decimal string: as a JSON number it would be rounded (RFC 8259, section 6)\n  --> ${request}\n  <-- ${line}\n${peer.describe()}`)).toBe((a + b).toString());
    }
  });

  it('refuses a JSON number beyond 2^53 for an int64 param with -32602 instead of using a rounded value', async () => {
    peer.drop();
    const request = '{"jsonrpc": "2.0", "method": "int64_add", "params": {"a": 9007199254740993, "b": "1"}, "id": "rounded"}';
    const line = await peer.send(request);
    const answer = parseLine(line, peer, request) as { error?: { code?: unknown }; result?: unknown };
    expect(answer.error?.code, `9007199254740993 is read as 9007199254740992 by JSON.parse: answering ${answer.result === undefined ? 'anything' : JSON.stringify(answer.result)} would be silently wrong, so refuse the params (-32602 Invalid params) and ask for a string\n  --> ${request}\n  <-- ${line}\n${peer.describe()}`).toBe(-32602);
  });

  it('reverses random bytes sent as base64', async () => {
    peer.drop();
    const rng = seededRandom();
    for (let i = 0; i < 10; i++) {
      const bytes = Buffer.from(Array.from({ length: rng.int(1, 30) }, () => rng.int(0, 255)));
      const request = call('reverse_bytes', { data: bytes.toString('base64') }, `bytes-${i}`);
      const line = await peer.send(request);
      const expected = Buffer.from(bytes).reverse().toString('base64');
      expect((parseLine(line, peer, request) as { result?: unknown }).result, rng.tag(`the bytes [${[...bytes].join(',')}] reversed, in standard base64 (RFC 4648, section 4)\n  --> ${request}\n  <-- ${line}\n${peer.describe()}`)).toBe(expected);
    }
  });

  it('answers -32602 when a data method gets a param of the wrong type or a value it cannot carry', async () => {
    peer.drop();
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['int64_add', 'the sum 2^63 - 1 + 1 does not fit in a signed 64-bit integer, so encodeInt64 refuses it', { a: '9223372036854775807', b: '1' }],
      ['int64_add', 'the sum -2^63 - 1 does not fit in a signed 64-bit integer', { a: '-9223372036854775808', b: '-1' }],
      ['utf8_length', 'text must be a string, and 42 is a number', { text: 42 }],
      ['utf8_length', 'text must be a string, and null is not one', { text: null }],
      ['add_seconds', 'seconds must be an integer, and 1.5 is not', { at: '2024-05-01T12:00:00Z', seconds: 1.5 }],
      ['add_seconds', 'seconds must be an integer, and "60" is a string', { at: '2024-05-01T12:00:00Z', seconds: '60' }],
      ['add_seconds', 'one second after 9999-12-31T23:59:59Z is in the year 10000, which RFC 3339 cannot write', { at: '9999-12-31T23:59:59Z', seconds: 1 }],
      ['reverse_bytes', 'data must be a base64 string, and 12 is a number', { data: 12 }],
      ['reverse_bytes', 'data must be standard base64 (RFC 4648, section 4), and "AQI" lacks its padding "="', { data: 'AQI' }],
      ['reverse_bytes', 'data must be standard base64 (RFC 4648, section 4), and "-_8=" uses the URL alphabet', { data: '-_8=' }],
    ];
    for (const [method, why, params] of cases) {
      const request = call(method, params, `bad-${method}`);
      const line = await peer.send(request);
      const answer = parseLine(line, peer, request) as { error?: { code?: unknown }; result?: unknown };
      expect(answer.error?.code, `${why}: that is the caller's mistake, -32602 Invalid params (JSON-RPC 2.0, section 5.1) — not a result, and not -32603 (a TypeError from a param of the wrong type is the caller's mistake too)\n  --> ${request}\n  <-- ${line}\n${peer.describe()}`).toBe(-32602);
    }
  });

  it('answers a fast request while a slow one sent before it is still running', async () => {
    peer.drop();
    const slow = call('wait', { ms: 300 }, 'slow-first');
    const fast = call('subtract', [9, 2], 'fast-second');
    peer.write(`${slow}\n${fast}\n`);
    const first = parseLine(await peer.nextLine(), peer, `${slow} and ${fast}`) as { id?: unknown };
    const second = parseLine(await peer.nextLine(), peer, `${slow} and ${fast}`) as { id?: unknown };
    expect([first.id, second.id], `"wait" takes 300 ms and "subtract" none: the answer to "subtract" must come first — do not wait for one answer before reading the next line, or one slow request holds up every caller behind it\n  --> ${slow}\n  --> ${fast}\n${peer.describe()}`).toEqual(['fast-second', 'slow-first']);
  });

  it('adds seconds to timestamps written with any offset and answers in UTC with Z', async () => {
    peer.drop();
    const cases: Array<[string, number, string]> = [
      ['2024-05-01T17:30:00+05:30', 60, '2024-05-01T12:01:00.000Z'],
      ['2024-12-31T23:59:59.500-01:00', 1, '2025-01-01T01:00:00.500Z'],
      ['2024-02-28T23:00:00Z', 3_600, '2024-02-29T00:00:00.000Z'],
      ['2024-05-01T12:00:00.250000+00:00', -86_400, '2024-04-30T12:00:00.250Z'],
    ];
    for (const [at, seconds, expected] of cases) {
      const request = call('add_seconds', { at, seconds }, `time-${seconds}`);
      const line = await peer.send(request);
      expect((parseLine(line, peer, request) as { result?: unknown }).result, `${at} plus ${seconds} s is ${expected}, written in UTC with Z (RFC 3339, section 5.6)\n  --> ${request}\n  <-- ${line}\n${peer.describe()}`).toBe(expected);
    }
  });

  describe('serveLines, called with streams of your own', () => {
    /** A handler that answers a few event-loop turns later, as one that awaits I/O does. */
    const later = (text: string): Promise<string> => new Promise((resolve) => setImmediate(() => setImmediate(() => resolve(`{"echo":${JSON.stringify(text)}}`))));

    /** Writes the chunks at once, or `apart`: one event-loop turn between them, so the reader takes each on its own. */
    async function serve(chunks: Array<string | Uint8Array>, apart = false): Promise<{ resolved: string; final: string }> {
      const input = new PassThrough();
      const output = new PassThrough();
      let written = '';
      output.setEncoding('utf8').on('data', (chunk: string) => (written += chunk));
      const serving = serveLines(input, output, later);
      for (const chunk of chunks) {
        input.write(chunk);
        if (apart) await new Promise((resolve) => setImmediate(resolve));
      }
      input.end();
      await serving;
      const resolved = written;
      // A few more turns, so that the last-line test does not depend on when serveLines resolves.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      return { resolved, final: written };
    }

    it('decodes a multi-byte character cut between two chunks', async () => {
      const text = 'naïve € 😀 中';
      // One byte per chunk: every character of 2, 3 and 4 bytes arrives cut into pieces.
      const bytes = new TextEncoder().encode(`${text}\n`);
      const { final } = await serve(Array.from(bytes, (byte) => Uint8Array.of(byte)), true);
      expect(final, `the line ${JSON.stringify(text)} arrived one byte per chunk: decode UTF-8 across chunk edges (node:readline or a StringDecoder keeps the first bytes of a character until the rest arrives), never each chunk on its own, which turns a cut character into "\uFFFD" (RFC 3629, section 3)`).toBe(`${JSON.stringify({ echo: text })}\n`);
    });

    it('answers a last line that has no newline after it', async () => {
      const { final } = await serve(['first\nlast']);
      expect(final.split('\n').filter((line) => line !== '').sort(), `input was "first\\nlast" and then ended: the last line of a stream may lack its newline (JSON Lines, https://jsonlines.org), and it is still a request (node:readline gives it to you)\n  your output: ${JSON.stringify(final)}`).toEqual([JSON.stringify({ echo: 'first' }), JSON.stringify({ echo: 'last' })].sort());
    });

    it('resolves only once input has ended and every answer is written', async () => {
      const { resolved, final } = await serve(['one\n', 'two\n']);
      expect(resolved.split('\n').sort(), `serveLines resolved before the answers still in flight were written (output then: ${JSON.stringify(resolved)}, later: ${JSON.stringify(final)}): when input ends, finish the answers in flight first — main() and the process end when serveLines resolves`).toEqual(['', JSON.stringify({ echo: 'one' }), JSON.stringify({ echo: 'two' })].sort());
    });
  });

  describe(CLOSING, () => {
    const sent = [...NOTIFICATIONS, SLOW_CALL].map((line) => `  --> ${line}`).join('\n');

    it("writes nothing for the spec's notifications, not even an empty line or []", async () => {
      const { lines, answeredFirstCall, shown } = await closedRun();
      expect(answeredFirstCall, `before the notifications, the program must answer one call ({"jsonrpc": "2.0", "method": "get_data", "id": "ready?"}), or its silence proves nothing\n${shown}`).toBe(true);
      const extra = lines.filter((line) => !line.includes('"in-flight"'));
      expect(extra, `a notification gets no answer, alone or in a batch (${SPEC_SECTION}; section 4.1); stdout had these lines too:\n${sent}\n${shown}`).toEqual([]);
    });

    it('answers the call still in flight when stdin closes, then exits with code 0', async () => {
      const { lines, exitCode, shown } = await closedRun();
      const answer = lines.find((line) => line.includes('"in-flight"'));
      expect(answer, `stdin closing means "no more requests", not "drop the answers I am waiting for": finish the work in flight, then exit\n${sent}\n  (stdin closed)\n${shown}`).toBeDefined();
      expect(JSON.parse(answer as string), `the slow call's answer\n${shown}`).toEqual({ jsonrpc: '2.0', result: 'done', id: 'in-flight' });
      expect(exitCode, `a server that ends because its input ended has done nothing wrong: exit code 0\n${shown}`).toBe(0);
    });
  });

  it.skipIf(!hasPython)(
    `${PYTHON_TEST}${hasPython ? '' : ' — skipped: python3 (3.8 or later) is not on this machine'}`,
    async () => {
      const run = await pythonReport();
      let report: { checks: Array<{ check: string; ok: boolean; detail: string | null }>; stderr: string };
      try {
        report = JSON.parse(String(run.stdout)) as typeof report;
      } catch {
        throw new Error(pythonRng.tag(`the Python client itself failed (exit ${run.exitCode}):\n${String(run.stderr)}\n${String(run.stdout)}`));
      }
      const failed = report.checks.filter((check) => !check.ok).map((check) => `  ✗ ${check.check}: ${check.detail}`);
      const started = `  python3 tests/support/python_client.py started: node --import tsx ${entryFile}\n  your program's stderr: ${report.stderr.trim() === '' ? '(empty)' : report.stderr.trim()}`;
      expect(failed, pythonRng.tag(`a Python program calling your server over stdin/stdout found these problems:\n${failed.join('\n')}\n${started}\n`)).toEqual([]);
    },
  );
});
