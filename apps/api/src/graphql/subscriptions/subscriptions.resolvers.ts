import type { RunRow } from '@rankfall/db';
import { z } from 'zod';
import { clearLoaders } from '../../services/loaders';
import { runUpdates, type RunEventSource } from '../../subscriptions/run-updates';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema } from '../inputs';

/** A websocket operation's context: the request scope plus the process's run events. */
export interface SubscriptionContext extends ApiContext {
  runEvents: RunEventSource;
}

const runUpdatedArgs = z.object({ runId: idSchema });

export const subscriptionsResolvers: ResolverMap = {
  Subscription: {
    runUpdated: {
      subscribe: async (_parent: unknown, args: unknown, context: SubscriptionContext) => {
        const { runId } = runUpdatedArgs.parse(args);
        await context.services.runs.run(runId);
        return runUpdates(context.runEvents, runId, async () => {
          // Every event is read afresh: roles re-checked, loaders emptied.
          context.access.refresh();
          clearLoaders(context.loaders);
          return context.services.runs.freshRun(runId);
        });
      },
      resolve: (run: RunRow) => run,
    },
  },
};
