import { maskPii } from '../core/governance/pii.js';
import type { LogFields, Logger } from '../core/ports.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * A structured logger writing one JSON object per line, or a readable line when the
 * output is a terminal. Personal data in the message and in string fields is masked.
 */
export function createLogger(
  level: LogLevel = 'info',
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  mask: (text: string) => string = maskPii,
): Logger & { debug(message: string, fields?: LogFields): void } {
  const threshold = LEVELS[level];
  const write = (lvl: LogLevel, rawMessage: string, rawFields: LogFields = {}) => {
    if (LEVELS[lvl] < threshold) return;
    const message = mask(rawMessage);
    const fields = maskFields(rawFields, mask);
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

/**
 * Fields naming an identifier (`id`, `messageId`, `turnIds`, `conversationKey`...) hold
 * opaque ids, not personal data; masking would turn a 13-digit message id into a "phone number".
 */
const ID_FIELD = /^(?:id|ids|key)$|(?:Id|Ids|Key)$/;

function maskFields(fields: LogFields, mask: (text: string) => string): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === 'string' && !ID_FIELD.test(key) ? mask(value) : value;
  }
  return out;
}
