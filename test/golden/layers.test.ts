// The architecture as a test: dependency-cruiser checks the layer rules of
// .dependency-cruiser.cjs over the whole tree (and is shown to catch a
// violation and a cycle in a scratch tree), and nothing under src/ ends the
// process: only bin/ exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = process.cwd();
const cruiser = resolve(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string, paths: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [cruiser, '--config', join(cwd, '.dependency-cruiser.cjs'), ...paths], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('imports follow the layer rules and form no cycle', () => {
  const r = cruise(root, ['src', 'bin', 'test', 'bench', 'scripts']);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /no dependency violations found/);
});

test('the layer check fails on an engine that imports the report, and on a cycle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-layers-'));
  try {
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext"}}');
    for (const d of ['src/engine', 'src/report']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'src/engine/e.ts'), "import { r } from '../report/r.js';\nexport const e = r;\n");
    writeFileSync(join(dir, 'src/report/r.ts'), "export const r = 1;\n");
    const up = cruise(dir, ['src']);
    assert.notEqual(up.status, 0);
    assert.match(up.out, /engine-below-sinks/);
    writeFileSync(join(dir, 'src/report/r.ts'), "import { s } from './s.js';\nexport const r = s;\n");
    writeFileSync(join(dir, 'src/report/s.ts'), "import { r } from './r.js';\nexport const s = 1; export const t = r;\n");
    const cyc = cruise(dir, ['src/report']);
    assert.notEqual(cyc.status, 0);
    assert.match(cyc.out, /no-circular/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing under src/ exits the process (only bin/ does)', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(join(root, 'src'));
  assert.ok(files.length > 40);
  const exits = files.filter((f) => /process\.exit\s*\(|process\.exitCode\s*=|process\.abort\s*\(/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(exits, []);
});

test('options arrive typed: commands are declared with @commander-js/extra-typings and no option value is cast', () => {
  const cli = readdirSync(join(root, 'src', 'cli')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'cli', f));
  for (const f of cli) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /from 'commander'/, `${f}: import commander through @commander-js/extra-typings, which infers each option's type`);
    // `o.name as T`: a renamed option would compile and break at run time
    assert.doesNotMatch(text, /\bo\.\w+ as /, `${f}: an option value is cast`);
    assert.doesNotMatch(text, /o: Record<string, unknown>/, `${f}: options as an untyped record`);
  }
});
