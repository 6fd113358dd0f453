#!/usr/bin/env node
// The `lumen` command: runs the compiled command line, bundled into dist/bundle/ (built by
// `npm run build`, `npm install` or `npm start`).
import module from 'node:module';

// Node 22.1 and later keep the compiled bundle on disk between runs (under the system's
// temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a one-shot command then
// skips most of compiling it. Older Node lacks the call and compiles as before.
module.enableCompileCache?.();

try {
  await import('../dist/bundle/lumen.js');
} catch (error) {
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('bundle/lumen.js');
  if (!missing) throw error;
  process.stderr.write(
    'lumen: the command line is not built yet; run `npm run build` in the Lumen folder.\n',
  );
  process.exitCode = 1;
}
