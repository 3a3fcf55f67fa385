/**
 * The Apollo Server plugin of the gateway's observability: it notes each operation's outcome code
 * for the request log and the metrics (the first error's `extensions.code`, once formatted), and,
 * when tracing is on, wraps parsing and validation in spans (planning, execution and every
 * subgraph fetch get theirs from `@apollo/gateway` itself).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { context, trace, type Span, type Tracer } from '@opentelemetry/api';
import { endSpan } from '../../lib/observability/tracing.ts';
import type { GatewayContext } from '../server.ts';

function phase(tracer: Tracer, name: string) {
  const span: Span = tracer.startSpan(name, {}, context.active());
  return async (err?: unknown) => endSpan(span, err);
}

export function observabilityPlugin(tracer: Tracer | null): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        ...(tracer && {
          parsingDidStart: async () => phase(tracer, 'graphql.parse'),
          validationDidStart: async () => {
            const end = phase(tracer, 'graphql.validate');
            return async (errs?: readonly Error[]) => end(errs?.[0]);
          },
        }),
        async willSendResponse(rc) {
          const body = rc.response.body;
          const code = body.kind === 'single' ? body.singleResult.errors?.[0]?.extensions?.code : undefined;
          if (typeof code === 'string') rc.contextValue.usage.errorCode = code;
          if (tracer) trace.getSpan(context.active())?.setAttribute('graphql.operation.name', rc.operationName ?? '');
        },
      };
    },
  };
}
