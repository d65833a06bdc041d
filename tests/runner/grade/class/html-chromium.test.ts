// The class report as an instructor sees it: opened from disk in a real headless
// Chromium (Debian's, driven by playwright-core), checked by what is on the screen.
// Without Chromium or playwright-core the test is skipped, and its name says why.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClassReport } from '../../../../runner/grade/class/class-report.js';
import { formatClassHtml } from '../../../../runner/grade/class/html.js';
import { sampleLearners } from './support/learners.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The little of playwright-core used here, so this file compiles whether it is installed or not. */
interface Page {
  goto: (url: string) => Promise<unknown>;
  title: () => Promise<string>;
  on: (event: 'request' | 'dialog', listener: (item: { url?: () => string }) => void) => void;
  evaluate: <T>(expression: string) => Promise<T>;
}
interface Browser {
  newPage: (options: { viewport: { width: number; height: number } }) => Promise<Page>;
  close: () => Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch: (options: { executablePath: string; args: string[] }) => Promise<Browser> };
}

async function loadPlaywright(): Promise<PlaywrightCore | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  const name = 'playwright-core';
  try {
    return (await import(name)) as PlaywrightCore;
  } catch {
    return 'playwright-core is not installed (npm install playwright-core)';
  }
}

const playwright = await loadPlaywright();
const missing = typeof playwright === 'string' ? playwright : undefined;
// The default reporter does not list skipped tests: say it where everyone sees it.
if (missing) console.warn(`SKIPPED: the class report's Chromium test: ${missing}`);

interface Seen {
  rows: { name: string; cells: { text: string; background: string }[]; total: string }[];
  errorRow: string;
  hardest: string[];
  bars: { task: string; width: number; track: number }[];
  scripts: number;
}

/**
 * What a person sees, read from the rendered page: texts as shown and colours as painted.
 * Plain JavaScript run in the page (the runner's TypeScript leaves the DOM types out).
 */
const READ_PAGE = `(() => {
  const text = (element) => element ? element.innerText.trim() : '';
  const rows = [...document.querySelectorAll('table.heat-map tbody tr:not(.error)')].map((row) => ({
    name: text(row.querySelector('th')),
    cells: [...row.querySelectorAll('td.cell')].map((cell) => ({ text: text(cell), background: getComputedStyle(cell).backgroundColor })),
    total: text(row.querySelector('td.total')),
  }));
  const width = (element) => element ? element.getBoundingClientRect().width : -1;
  const bars = [...document.querySelectorAll('table.pass-rates tbody tr')].map((row) => ({
    task: text(row.querySelector('td')),
    width: width(row.querySelector('.bar span')),
    track: width(row.querySelector('.bar')),
  }));
  return { rows, errorRow: text(document.querySelector('tr.error')), hardest: [...document.querySelectorAll('ol.hardest li')].map(text), bars, scripts: document.scripts.length };
})()`;

function rgb(color: string): [number, number, number] {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  return [r, g, b];
}

describe.skipIf(missing !== undefined)(`the class report in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser;
  let page: Page;
  let seen: Seen;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'katas-html-'));

  beforeAll(async () => {
    const file = path.join(dir, 'class.html');
    writeFileSync(file, formatClassHtml(buildClassReport(sampleLearners(), { files: [], jobs: 2, generatedAt: '2026-01-02T03:04:05.000Z', durationMs: 1 })));
    browser = await (playwright as PlaywrightCore).chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (request) => requests.push(request.url?.() ?? ''));
    page.on('dialog', () => dialogs.push('dialog'));
    await page.goto(pathToFileURL(file).href);
    seen = await page.evaluate<Seen>(READ_PAGE);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from disk on its own: no request but the file, no script', async () => {
    expect(await page.title()).toBe('Class report: 4 learners');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*class\.html$/);
    expect(seen.scripts).toBe(0);
  });

  it('shows a learner-by-exercise heat map: points in each cell, green for all of them, red for none', () => {
    expect(seen.rows.map((row) => [row.name, ...row.cells.map((cell) => cell.text), row.total])).toEqual([
      ['ada', '2 / 2', '3 / 3', '5 / 5'],
      ['<script>alert(1)</script>', '1 / 2', '0 / 3', '1 / 5 ⚠'],
      ['=cmd|"calc"', '1.34 / 2', '0.5 / 3', '1.84 / 5'],
    ]);
    const [r, g] = rgb(seen.rows[0]?.cells[0]?.background ?? '');
    expect(g).toBeGreaterThan(r);
    const [r2, g2] = rgb(seen.rows[1]?.cells[1]?.background ?? '');
    expect(r2).toBeGreaterThan(g2);
  });

  it('shows a learner whose name is markup as text, and runs nothing', () => {
    expect(seen.rows[1]?.name).toBe('<script>alert(1)</script>');
    expect(dialogs).toEqual([]);
  });

  it('shows the learner who could not be graded, and why', () => {
    expect(seen.errorRow).toBe('hangs-forever\tnot graded: grading did not finish within 60 s');
  });

  it('lists the tasks most learners fail, and every task\'s pass rate as a bar of that length', () => {
    expect(seen.hardest[0]).toBe('exercise-01 routing, task 2: Path parameters: passed by 1 of 3 (33%)');
    expect(seen.hardest).toHaveLength(3);
    const full = seen.bars.find((bar) => bar.task.startsWith('exercise-01 routing, task 1'));
    const third = seen.bars.find((bar) => bar.task.startsWith('exercise-01 routing, task 2'));
    expect(full?.width).toBeCloseTo(full?.track ?? 0, 0);
    expect((third?.width ?? 0) / (third?.track ?? 1)).toBeCloseTo(0.33, 2);
  });
});
