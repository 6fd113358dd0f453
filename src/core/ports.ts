/**
 * Every contract the core is handed, one file per port under `ports/`: the knowledge index,
 * the chat model, the store and its repositories (with the records they keep), the
 * messenger, the clock, the logger, the tracer and the directory's groups. Import from here
 * or from the port's own file.
 */
export * from './ports/chat-model.js';
export * from './ports/clock.js';
export * from './ports/health.js';
export * from './ports/identity.js';
export * from './ports/knowledge-index.js';
export * from './ports/logger.js';
export * from './ports/messenger.js';
export * from './ports/records.js';
export * from './ports/store.js';
export * from './ports/tracer.js';
