#!/usr/bin/env node
// The `lumen` command: runs the compiled command line from dist/ (built by `npm run build`,
// `npm install` or `npm start`).
try {
  await import('../dist/channels/cli/main.js');
} catch (error) {
  const missing =
    error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('channels/cli/main.js');
  if (!missing) throw error;
  process.stderr.write(
    'lumen: the command line is not built yet; run `npm run build` in the Lumen folder.\n',
  );
  process.exitCode = 1;
}
