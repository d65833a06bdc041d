// Every grade format read back by a real parser: results.json against a JSON schema of
// Exercism's version 3 (ajv), JUnit XML (fast-xml-parser), the Classroom result (base64,
// then JSON). The unit tests and the end-to-end tests share these.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('./results.schema.json', import.meta.url)), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

export interface ResultsJson {
  version: number;
  status: string;
  message: string | null;
  tests: { name: string; status: string; message: string | null; output: string | null; task_id?: number; hidden: boolean; file: string; test_code: string; points: { earned: number; possible: number } }[];
  points: { earned: number; possible: number };
  exercises: { id: string; status: string; untouched: boolean; points: { earned: number; possible: number }; tasks: { task_id: number; status: string; passed: number; total: number; hidden: number; message: string | null; points: { earned: number; possible: number } }[] }[];
  tamper: { changed: string[]; deleted: string[]; markers: { file: string; line: number; marker: string; source: string }[] };
  pristine: { kind: string; label: string; version: string };
  hidden_files: string[];
  warnings: string[];
}

/** Parses results.json and checks it against the schema; throws with every schema error. */
export function parseResults(text: string): ResultsJson {
  const data = JSON.parse(text) as unknown;
  if (!validate(data)) throw new Error(`results.json does not match the schema:\n${JSON.stringify(validate.errors, null, 2)}`);
  return data as ResultsJson;
}

const interfaceSchema = JSON.parse(readFileSync(fileURLToPath(new URL('./exercism-interface.schema.json', import.meta.url)), 'utf8')) as object;
const validateInterface = new Ajv({ allErrors: true }).compile(interfaceSchema);

export interface ExercismInterfaceJson {
  version: number;
  status: string;
  message: string | null;
  tests?: { name: string; test_code: string; status: string; message: string | null; output: string | null; task_id?: number }[];
}

/** One exercise's results.json against a schema of the interface alone (no extra keys). */
export function parseExercismInterface(text: string): ExercismInterfaceJson {
  const data = JSON.parse(text) as unknown;
  if (!validateInterface(data)) throw new Error(`results.json does not follow Exercism's interface:\n${JSON.stringify(validateInterface.errors, null, 2)}`);
  return data as ExercismInterfaceJson;
}

const gradescopeSchema = JSON.parse(readFileSync(fileURLToPath(new URL('./gradescope.schema.json', import.meta.url)), 'utf8')) as object;
const validateGradescope = new Ajv({ allErrors: true }).compile(gradescopeSchema);

export interface GradescopeJson {
  score: number;
  execution_time?: number;
  output?: string;
  output_format?: string;
  extra_data?: Record<string, unknown>;
  tests: { name: string; number: string; score: number; max_score: number; status: string; output: string; output_format: string; visibility: string; tags: string[] }[];
}

/** Gradescope's results.json against a schema of its specification (documented keys only). */
export function parseGradescope(text: string): GradescopeJson {
  const data = JSON.parse(text) as unknown;
  if (!validateGradescope(data)) throw new Error(`gradescope.json does not follow Gradescope's specification:\n${JSON.stringify(validateGradescope.errors, null, 2)}`);
  return data as GradescopeJson;
}

export interface JUnitCase {
  '@_classname': string;
  '@_name': string;
  '@_file'?: string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string };
  error?: { '@_message': string; '@_type': string; '#text'?: string };
  'system-out'?: string;
}

export interface JUnitSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  properties: { property: { '@_name': string; '@_value': string }[] };
  testcase: JUnitCase[];
}

export interface JUnitDocument {
  testsuites: { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; testsuite: JUnitSuite[] };
}

export function parseJUnit(xml: string): JUnitDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`junit.xml is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name), parseTagValue: false, trimValues: false });
  return parser.parse(xml) as JUnitDocument;
}

// Jenkins xUnit's schema (jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/
// xunit/types/model/xsd/junit-10.xsd at 8c515de), the strictest JUnit schema in common use.
const junitSchema = readFileSync(fileURLToPath(new URL('./junit-10.xsd', import.meta.url)), 'utf8');

/** Validates with libxml2's xmllint (compiled to WebAssembly); resolves to its errors, none when valid. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: junitSchema }] });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

export interface ClassroomJson {
  version: number;
  status: string;
  max_score: number;
  tests: { name: string; status: string; score: number; message: string; test_code: string; filename: string; line_no: number; execution_time: string }[];
}

/** As the grading reporter does: Buffer.from(value, 'base64') then JSON.parse. */
export function parseClassroom(base64: string): ClassroomJson {
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64.trim())) throw new Error('not base64');
  return JSON.parse(Buffer.from(base64.trim(), 'base64').toString('utf8')) as ClassroomJson;
}
