// The typecheck for watch mode: the TypeScript compiler API in this process, keeping
// every parsed file between runs and re-reading only files that changed, so a save
// costs tens of milliseconds instead of a new compiler process.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ts as TypeScript } from 'ts-morph';
import { relativeToRoot } from '../paths.js';
import type { TypeDiagnostic } from './results.js';

type Ts = typeof TypeScript;

interface LibFiles {
  folder: string;
  files: Map<string, string>;
}

interface Cached {
  mtimeMs: number;
  file: TypeScript.SourceFile;
}

export class WarmTypecheck {
  private program: TypeScript.Program | undefined;
  private readonly cache = new Map<string, Cached>();

  private constructor(
    private readonly ts: Ts,
    private readonly root: string,
    private readonly options: TypeScript.CompilerOptions,
    private readonly libs: LibFiles,
  ) {}

  static async open(root: string): Promise<WarmTypecheck> {
    const [{ ts }, common] = await Promise.all([import('ts-morph'), import('@ts-morph/common')]);
    // ts-morph keeps TypeScript's lib.*.d.ts in memory, not on disk.
    const libs: LibFiles = { folder: common.libFolderInMemoryPath, files: new Map(common.getLibFiles().map((lib) => [lib.fileName, lib.text])) };
    const configFile = path.join(root, 'tsconfig.json');
    const { config } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    return new WarmTypecheck(ts, root, { ...options, noEmit: true }, libs);
  }

  check(files: readonly string[]): TypeDiagnostic[] {
    const host = this.ts.createCompilerHost(this.options);
    host.getSourceFile = (fileName, languageVersion) => this.sourceFile(fileName, languageVersion);
    host.getDefaultLibLocation = () => this.libs.folder;
    host.getDefaultLibFileName = (options) => `${this.libs.folder}/${this.ts.getDefaultLibFileName(options)}`;
    this.program = this.ts.createProgram({ rootNames: [...files], options: this.options, host, ...(this.program ? { oldProgram: this.program } : {}) });
    const wanted = new Set(files.map((file) => path.resolve(file)));
    const diagnostics = [
      ...this.program.getSyntacticDiagnostics(),
      ...this.program.getSourceFiles().filter((file) => wanted.has(path.resolve(file.fileName))).flatMap((file) => this.program?.getSemanticDiagnostics(file) ?? []),
    ];
    return diagnostics.filter((item) => item.category === this.ts.DiagnosticCategory.Error).map((item) => this.toDiagnostic(item));
  }

  private sourceFile(fileName: string, languageVersion: TypeScript.ScriptTarget | TypeScript.CreateSourceFileOptions): TypeScript.SourceFile | undefined {
    if (fileName.startsWith(`${this.libs.folder}/`)) return this.libFile(fileName, languageVersion);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(fileName).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(fileName);
    if (cached && cached.mtimeMs === mtimeMs) return cached.file;
    const file = this.ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), languageVersion);
    this.cache.set(fileName, { mtimeMs, file });
    return file;
  }

  private libFile(fileName: string, languageVersion: TypeScript.ScriptTarget | TypeScript.CreateSourceFileOptions): TypeScript.SourceFile | undefined {
    const cached = this.cache.get(fileName);
    if (cached) return cached.file;
    const text = this.libs.files.get(fileName.slice(this.libs.folder.length + 1));
    if (text === undefined) return undefined;
    const file = this.ts.createSourceFile(fileName, text, languageVersion);
    this.cache.set(fileName, { mtimeMs: 0, file });
    return file;
  }

  private toDiagnostic(item: TypeScript.Diagnostic): TypeDiagnostic {
    const message = this.ts.flattenDiagnosticMessageText(item.messageText, '\n');
    if (!item.file || item.start === undefined) return { file: '', line: 0, column: 0, code: `TS${item.code}`, message, source: '' };
    const { line, character } = item.file.getLineAndCharacterOfPosition(item.start);
    const source = item.file.text.split(/\r?\n/)[line] ?? '';
    return { file: relativeToRoot(this.root, path.resolve(item.file.fileName)), line: line + 1, column: character + 1, code: `TS${item.code}`, message, source: source.trimEnd() };
  }
}
