/**
 * The pure core stays pure by structure, not by luck: every module listed in scripts/pure-core.json imports
 * at run time only other pure modules and a few pure packages, and the lint rules that ban effects apply
 * to every one of them (proven by planting an I/O import, a clock read, randomness and the environment in
 * each and linting it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import pureCore from '../../scripts/pure-core.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../..');

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const PURE = pureCore.modules.map(globToRegExp);
const isPure = (file: string): boolean => PURE.some((re) => re.test(file));

function listSources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? listSources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The specifiers a module imports at run time (type-only imports and exports are erased). */
export function runtimeImports(text: string, file = 'module.ts'): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What is wrong with a pure module's imports: each runtime import outside the pure set. */
function impureImports(file: string, text: string): string[] {
  return runtimeImports(text, file).flatMap((spec) => {
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts');
      return isPure(target) ? [] : [`${spec} (${target} is not in the pure core)`];
    }
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    return pureCore.packages.includes(pkg) ? [] : [`${spec} (not a pure package)`];
  });
}

const pureFiles = listSources('src').filter(isPure);

describe('the pure core', () => {
  it('lists modules that exist', () => {
    expect(pureFiles.length).toBeGreaterThan(40);
    for (const glob of pureCore.modules.filter((g) => !g.includes('scheduler')))
      expect(
        pureFiles.some((f) => globToRegExp(glob).test(f)),
        `${glob} matches no file`,
      ).toBe(true);
  });

  it.each(pureFiles)('%s imports only pure modules and packages', (file) => {
    expect(impureImports(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('catches a planted import of an impure module, a package, or a builtin; type-only imports pass', () => {
    const planted = [
      "import { openStore } from '../store/index.js';",
      "import axios from 'axios';",
      "export { x } from 'node:fs';",
      "const m = await import('../engine/host-runner.js');",
      "import type { Store } from '../store/index.js';",
      "import { type Clock } from '../ports/clock.js';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(impureImports('src/engine/host-machine.ts', planted)).toEqual([
      '../store/index.js (src/store/index.ts is not in the pure core)',
      'axios (not a pure package)',
      'node:fs (not a pure package)',
      '../engine/host-runner.js (src/engine/host-runner.ts is not in the pure core)',
    ]);
  });

  it('lint bans I/O imports, clock reads, randomness and the environment in every pure module', async () => {
    // A computed specifier: the config is plain JavaScript without type declarations.
    const configUrl = pathToFileURL(join(ROOT, 'eslint.config.js')).href;
    const eslintConfig = ((await import(configUrl)) as { default: Linter.Config[] }).default;
    const pureBlock = eslintConfig.find(
      (block) => JSON.stringify(block.files) === JSON.stringify(pureCore.modules),
    );
    expect(pureBlock, 'eslint.config.js has a block for scripts/pure-core.json').toBeDefined();
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, pureBlock!],
    });
    const planted = [
      "import { readFileSync } from 'node:fs';",
      "import Database from 'better-sqlite3';",
      'export const planted = [readFileSync, Database, Date.now(), new Date(), process.env.X, Math.random()];',
    ].join('\n');
    for (const file of pureFiles) {
      const [result] = await eslint.lintText(planted, { filePath: join(ROOT, file) });
      const rules = new Set(result!.messages.map((m) => m.ruleId));
      expect([...rules].sort(), file).toEqual([
        'no-restricted-globals',
        'no-restricted-imports',
        'no-restricted-properties',
        'no-restricted-syntax',
      ]);
      expect(result!.messages.length, file).toBeGreaterThanOrEqual(6);
    }
  }, 60_000);
});
