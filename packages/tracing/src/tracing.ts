import {
  type Attributes,
  type Context,
  context,
  propagation,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

/**
 * What a span may say about the work: identifiers and codes only. A name, contact point, address or
 * statement has no field here, so it cannot reach a trace (nor can a subject reference: a booking
 * number names a person to anyone who can read the agency's records).
 */
export interface SpanFacts {
  agencyId?: string;
  eventType?: string;
  eventId?: string;
  caseEventId?: string;
  workflowId?: string;
  deliveryId?: string;
  channel?: string;
  outcome?: string;
  contentMode?: string;
}

const attributeNames: Record<keyof SpanFacts, string> = {
  agencyId: 'switchboard.agency',
  eventType: 'switchboard.event_type',
  eventId: 'switchboard.event_id',
  caseEventId: 'switchboard.case_event_id',
  workflowId: 'switchboard.workflow_id',
  deliveryId: 'switchboard.delivery_id',
  channel: 'switchboard.channel',
  outcome: 'switchboard.outcome',
  contentMode: 'cloudevents.content_mode',
};

export function attributesOf(facts: SpanFacts): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(facts))
    if (value !== undefined) attributes[attributeNames[key as keyof SpanFacts]] = value;
  return attributes;
}

const tracer = () => trace.getTracer('switchboard');

/**
 * Runs `work` in a span of its own (a child of the active one), recording a thrown error; `facts`
 * may be added to as the work learns them (the outcome, the case event's id).
 */
export async function inSpan<T>(
  name: string,
  facts: SpanFacts,
  work: (learned: (more: SpanFacts) => void) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes: attributesOf(facts) }, async (span) => {
    try {
      return await work((more) => span.setAttributes(attributesOf(more)));
    } catch (error) {
      span.recordException({ name: (error as Error).name, message: (error as Error).message });
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The trace an agency's message belongs to, from its W3C `traceparent` header, or `ce-traceparent`
 * (the CloudEvents distributed-tracing extension, as binary mode carries it). Header names lower-case.
 */
export function contextFromHeaders(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), {
    traceparent: headers.traceparent ?? headers['ce-traceparent'],
    tracestate: headers.tracestate ?? headers['ce-tracestate'],
  });
}

/** Runs `work` as part of the trace `headers` carry (none: a trace of its own). */
export function withTraceOf<T>(
  headers: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  return context.with(contextFromHeaders(headers), work);
}

/** The active trace as headers (`traceparent`), for a message that crosses to another process. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Temporal's interceptors describe a workflow with everything it has, its search attributes too
 * (SubjectRef is one): Temporal UI may show those to a signed-in coordinator, a tracing backend
 * may not. Only identifiers leave: ours, Temporal's ids and types, and an exception's kind.
 */
const temporalIdentifiers = new Set([
  'workflowId',
  'runId',
  'workflowType',
  'temporalWorkflowId',
  'run_id',
  'activityId',
  'activityType',
  'taskQueue',
  'attempt',
]);
export const leavesTheHub = (key: string) =>
  key.startsWith('switchboard.') ||
  key.startsWith('cloudevents.') ||
  key.startsWith('exception.') ||
  temporalIdentifiers.has(key);

export class IdentifiersOnly implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parent: Context): void {
    this.next.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    const kept = Object.fromEntries(Object.entries(span.attributes).filter(([key]) => leavesTheHub(key)));
    // The span itself is finished and read-only: the exporter gets a view with the kept attributes.
    this.next.onEnd(Object.create(span, { attributes: { value: kept, enumerable: true } }) as ReadableSpan);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

export interface Tracing {
  /** Give to every Temporal Client and Worker: spans for starts, workflows and activities, context in headers. */
  temporalPlugins: OpenTelemetryPlugin[];
  shutdown(): Promise<void>;
}

/**
 * Exports this process's spans by OTLP over HTTP when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT names a collector (the OpenTelemetry Collector, Tempo, Jaeger…);
 * otherwise traces are not recorded at all and this costs nothing. Context still propagates.
 */
export function startTracing(service: 'api' | 'ingest' | 'worker', env = process.env): Tracing {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/$/, '');
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined);
  if (!url) return { temporalPlugins: [], shutdown: async () => {} };
  const resource = new Resource({
    'service.name': `switchboard-${service}`,
    'service.namespace': 'switchboard',
  });
  const spanProcessor = new IdentifiersOnly(
    new BatchSpanProcessor(new OTLPTraceExporter({ url }), {
      scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 2000),
    }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    temporalPlugins: [new OpenTelemetryPlugin({ resource, spanProcessor })],
    shutdown: () => provider.shutdown(),
  };
}
