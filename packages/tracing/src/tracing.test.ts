import { context } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { attributesOf, IdentifiersOnly, leavesTheHub } from './tracing';

describe('what a span may carry', () => {
  it('names our facts by their attribute names, and leaves out what is not given', () => {
    expect(attributesOf({ agencyId: 'county-jail', channel: 'sms', eventId: undefined })).toEqual({
      'switchboard.agency': 'county-jail',
      'switchboard.channel': 'sms',
    });
  });

  it("drops a Temporal span's search attributes and memo, keeps its identifiers", () => {
    const exported = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new IdentifiersOnly(new SimpleSpanProcessor(exported))],
    });
    const span = provider.getTracer('test').startSpan('RunWorkflow:caseEventWorkflow', {}, context.active());
    span.setAttributes({
      workflowId: 'case-event:county-jail:e1',
      workflowType: 'caseEventWorkflow',
      searchAttributes: JSON.stringify({ SubjectRef: ['BK-2291'] }),
      'switchboard.agency': 'county-jail',
    });
    span.end();
    const [finished] = exported.getFinishedSpans();
    expect(finished?.attributes).toEqual({
      workflowId: 'case-event:county-jail:e1',
      workflowType: 'caseEventWorkflow',
      'switchboard.agency': 'county-jail',
    });
    expect(finished?.name).toBe('RunWorkflow:caseEventWorkflow');
    expect(leavesTheHub('memo')).toBe(false);
  });
});

describe('whose trace a message is in', () => {
  it("joins the agency's traceparent, or its CloudEvents binary-mode ce-traceparent", async () => {
    const { propagation, trace } = await import('@opentelemetry/api');
    const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
    const { contextFromHeaders } = await import('./tracing');
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    for (const headers of [{ traceparent: parent }, { 'ce-traceparent': parent }]) {
      const span = trace.getSpanContext(contextFromHeaders(headers));
      expect(span).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    }
    expect(trace.getSpanContext(contextFromHeaders({}))).toBeUndefined();
  });
});
