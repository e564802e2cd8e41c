export {
  attributesOf,
  contextFromHeaders,
  inSpan,
  type SpanFacts,
  startTracing,
  type Tracing,
  traceHeaders,
  withTraceOf,
} from './tracing';
