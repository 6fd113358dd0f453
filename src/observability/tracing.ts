import { type Attributes, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Tracer } from '../core/ports.js';

const tracer = () => trace.getTracer('lumen');

/**
 * Runs `work` inside a span, recording a failure on it. Without a registered tracer
 * provider this costs next to nothing. Spans carry metadata only, never message text.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (annotate: (more: Attributes) => void) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work((more) => span.setAttributes(more));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The core's tracing port, on OpenTelemetry: the composition root hands it to the core. */
export const openTelemetryTracer: Tracer = { inSpan };

/**
 * Sends traces over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific
 * variable) is set; the exporter reads the standard OTEL_* settings. Returns a function
 * that flushes and stops it. The exporter is loaded only then: it takes a noticeable part
 * of start-up, which a process that exports nothing should not pay.
 */
export async function startTracing(
  env: Record<string, string | undefined> = process.env,
): Promise<() => Promise<void>> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return async () => {};
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor }, { NodeTracerProvider }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'lumen' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return () => provider.shutdown();
}
