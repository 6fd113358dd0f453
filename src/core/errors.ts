/**
 * Coded errors. `code` is namespaced by area (`config.`, `knowledge.`, `store.`, `input.`);
 * `message` is for logs and operators, never shown verbatim in a chat.
 */
export class LumenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting is missing or malformed. */
export class ConfigError extends LumenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config.invalid', message, options);
  }
}

/** A file could not be read or understood; ingestion reports and skips it. */
export class CrackError extends LumenError {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('knowledge.crack_failed', message, options);
  }
}

/** A file type ingestion does not read. */
export class UnsupportedFileError extends LumenError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('knowledge.unsupported_file', message);
  }
}

/** Input from a person or a client that cannot be accepted as it is. */
export class InputError extends LumenError {
  constructor(
    code: string,
    message: string,
    /** Safe to show to the person who sent the input. */
    readonly userMessage: string,
  ) {
    super(`input.${code}`, message);
  }
}

/** A record the caller referred to does not exist. */
export class NotFoundError extends LumenError {
  constructor(what: string, id: string) {
    super('store.not_found', `${what} ${id} was not found`);
  }
}

/** A backend (store, index, model) failed. */
export class BackendError extends LumenError {
  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(`backend.${backend}`, message, options);
  }
}

/** Wraps anything thrown into a LumenError, keeping the original as `cause`. */
export function toLumenError(error: unknown, code = 'internal'): LumenError {
  if (error instanceof LumenError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LumenError(code, message, { cause: error });
}

/** A one-line description of an error for logs: code, message and the cause's message. */
export function describeError(error: unknown): string {
  const e = toLumenError(error);
  const cause = e.cause instanceof Error && e.cause !== error ? ` (cause: ${e.cause.message})` : '';
  return `[${e.code}] ${e.message}${cause}`;
}
