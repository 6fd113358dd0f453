export type LogFields = Record<string, unknown>;

/** Structured logging; message bodies stay out of logs unless a caller adds them on purpose. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
