import type { LogFields, Logger } from './core/ports.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * A structured logger writing one JSON object per line, or a readable line when the
 * output is a terminal.
 */
export function createLogger(
  level: LogLevel = 'info',
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Logger & { debug(message: string, fields?: LogFields): void } {
  const threshold = LEVELS[level];
  const write = (lvl: LogLevel, message: string, fields: LogFields = {}) => {
    if (LEVELS[lvl] < threshold) return;
    if (out.isTTY) {
      const extras = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      out.write(`${lvl.padEnd(5)} ${message}${extras ? `  ${extras}` : ''}\n`);
    } else {
      out.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...fields })}\n`);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
