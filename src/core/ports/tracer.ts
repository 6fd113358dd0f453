/** What a span carries: metadata only (names, counts, flags), never message text. */
export type SpanAttributes = Record<string, string | number | boolean>;

/**
 * Marks a unit of the core's work (a retrieval, a model call) in the traces. The
 * observability layer implements it; the core is handed one and never imports a tracing SDK.
 */
export interface Tracer {
  /** Runs `work` inside a span named `name`; `annotate` adds attributes learnt along the way. */
  inSpan<T>(
    name: string,
    attributes: SpanAttributes,
    work: (annotate: (more: SpanAttributes) => void) => Promise<T>,
  ): Promise<T>;
}

/** A tracer that records nothing, for tests and library use. */
export const noTracer: Tracer = {
  inSpan: (_name, _attributes, work) => work(() => {}),
};
