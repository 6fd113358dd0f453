import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentCopilot } from '../../../src/observability/instrumented-copilot.js';
import { openTelemetryTracer } from '../../../src/observability/tracing.js';
import { createTestCore, indexDocument, makeChunk, makeTurn, type TestCore } from '../../helpers/builders.js';

describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  let provider: NodeTracerProvider;
  let core: TestCore;

  beforeAll(async () => {
    provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    core = await createTestCore({ tracer: openTelemetryTracer });
    await indexDocument(core.index, [
      makeChunk(
        'folder:expenses.md',
        'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.',
      ),
    ]);
  });

  afterAll(async () => {
    await core.close();
    await provider.shutdown();
    trace.disable();
  });

  it('follow the GenAI conventions for a turn, its retrieval and its model call, without message text', async () => {
    const copilot = instrumentCopilot(core.copilot, core.store);
    await copilot.handle(makeTurn('What is the per diem in Toronto?'));
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const turn = byName.get('invoke_agent Lumen')!;
    const retrieve = byName.get('retrieve local')!;
    const chat = byName.get('chat extractive')!;
    expect(turn.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'Lumen',
      'lumen.channel': 'web',
      'lumen.reply.kind': 'answer',
      'lumen.citations': 1,
    });
    expect(retrieve.attributes).toMatchObject({ 'lumen.index': 'local', 'lumen.hits': 1 });
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'lumen.extractive',
      'gen_ai.request.model': 'extractive',
      'gen_ai.response.model': 'extractive',
    });
    // Retrieval and the model call are children of the turn, in one trace.
    expect(retrieve.parentSpanContext?.spanId).toBe(turn.spanContext().spanId);
    expect(chat.spanContext().traceId).toBe(turn.spanContext().traceId);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toMatch(/per diem|Toronto|75 CAD/);
  });
});
