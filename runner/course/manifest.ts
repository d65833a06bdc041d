// exercise.json as read from disk, checked field by field so that an author's typo
// is reported as "exercises/03-crud/exercise.json: tasks[2].title must be a string",
// not as a crash somewhere in the runner.
export interface TaskInfo {
  number: number;
  title: string;
  /** Weight of the task in a grade; 1 when absent. */
  points: number;
}

export interface RuleRef {
  rule: string;
  files: string[];
}

export interface Limits {
  /** Per test, in milliseconds. */
  testTimeoutMs: number;
  /** The whole suite; a run still going after this is stopped and reported as a hang. */
  runTimeoutMs: number;
  /**
   * Each thread's heap, in megabytes: code that allocates without end meets it as "ran
   * out of memory". A run of several exercises gets the largest of their heaps.
   */
  heapMb: number;
}

export interface ExerciseInfo {
  order: number;
  slug: string;
  title: string;
  summary: string;
  /** The learner's files, relative to the exercise folder. */
  files: string[];
  /**
   * Given files, relative to the exercise folder: code the learner reads but does not
   * edit. Their one source is the starter; the reference solution has no copy of them.
   */
  given: string[];
  /** The exercise's test files, relative to the exercise folder. */
  tests: string[];
  tasks: TaskInfo[];
  rules: RuleRef[];
  limits: Limits;
  /**
   * The program `npm run try` runs with the learner's code, relative to the exercise
   * folder; absent when the exercise has nothing to try.
   */
  try?: string;
}

export class ManifestError extends Error {}

const DEFAULT_LIMITS: Limits = { testTimeoutMs: 5_000, runTimeoutMs: 30_000, heapMb: 2_048 };

export function parseManifest(text: string, where: string): ExerciseInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  const read = reader(where);
  const data = read.object(raw, '');
  const limits = data.limits === undefined ? {} : read.object(data.limits, 'limits');
  const files = read.strings(data.files, 'files');
  const given = read.strings(data.given ?? [], 'given');
  const both = given.find((file) => files.includes(file));
  if (both !== undefined) throw new ManifestError(`${where}: ${both} is in both files and given; a file is either the learner's or given`);
  return {
    order: read.integer(data.order, 'order'),
    slug: read.slug(data.slug, 'slug'),
    title: read.string(data.title, 'title'),
    summary: read.string(data.summary ?? '', 'summary'),
    files,
    given,
    tests: read.strings(data.tests, 'tests'),
    tasks: read.array(data.tasks, 'tasks').map((task, index) => readTask(read, task, `tasks[${index}]`)),
    rules: read.array(data.rules ?? [], 'rules').map((rule, index) => readRule(read, rule, `rules[${index}]`)),
    limits: {
      testTimeoutMs: read.integer(limits.testTimeoutMs ?? DEFAULT_LIMITS.testTimeoutMs, 'limits.testTimeoutMs'),
      runTimeoutMs: read.integer(limits.runTimeoutMs ?? DEFAULT_LIMITS.runTimeoutMs, 'limits.runTimeoutMs'),
      heapMb: read.integer(limits.heapMb ?? DEFAULT_LIMITS.heapMb, 'limits.heapMb'),
    },
    ...(data.try === undefined ? {} : { try: read.string(data.try, 'try') }),
  };
}

function readTask(read: Reader, value: unknown, at: string): TaskInfo {
  const task = read.object(value, at);
  return {
    number: read.integer(task.number, `${at}.number`),
    title: read.string(task.title, `${at}.title`),
    points: read.integer(task.points ?? 1, `${at}.points`),
  };
}

function readRule(read: Reader, value: unknown, at: string): RuleRef {
  const rule = read.object(value, at);
  return { rule: read.string(rule.rule, `${at}.rule`), files: read.strings(rule.files, `${at}.files`) };
}

type Reader = ReturnType<typeof reader>;

function reader(where: string) {
  const fail = (at: string, what: string): never => {
    throw new ManifestError(`${where}: ${at || 'the file'} must be ${what}`);
  };
  const string = (value: unknown, at: string): string => (typeof value === 'string' ? value : fail(at, 'a string'));
  const array = (value: unknown, at: string): unknown[] => (Array.isArray(value) ? value : fail(at, 'an array'));
  return {
    string,
    array,
    object: (value: unknown, at: string): Record<string, unknown> =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(at, 'an object'),
    integer: (value: unknown, at: string): number =>
      Number.isInteger(value) && (value as number) >= 0 ? (value as number) : fail(at, 'a whole number'),
    slug: (value: unknown, at: string): string =>
      typeof value === 'string' && /^[a-z][a-z0-9-]*$/.test(value) ? value : fail(at, 'a kebab-case name'),
    strings: (value: unknown, at: string): string[] => array(value, at).map((item, index) => string(item, `${at}[${index}]`)),
  };
}
