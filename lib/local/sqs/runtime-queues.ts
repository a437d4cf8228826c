import type { Invoker, Topology } from '../topology.ts';
import { SqsBroker } from './broker.ts';
import { type EventSourceLog, SqsEventSource } from './event-source.ts';
import { startLocalSqs } from './server.ts';

export interface RunningQueues {
  readonly broker: SqsBroker;
  readonly endpoint: string;
  /** Starts the template's enabled event source mappings; `stop()` stops their pollers. */
  startMappings(topology: Topology, invoker: Invoker): { stop(): Promise<void> };
  close(): Promise<void>;
}

function describeBatch(line: EventSourceLog): string | undefined {
  if (line.outcome === 'succeeded') return undefined;
  const what = line.outcome === 'failed' ? `all ${line.batchSize}` : `${line.failed} of ${line.batchSize}`;
  return `[sqs] ${line.mapping}: ${what} message(s) failed${line.error ? `: ${line.error}` : ''}; back after the visibility timeout`;
}

/** The local SQS service of the runtime: its endpoint, its queues, and the mappings that poll them. */
export async function startQueues(options: { log: (line: string) => void }): Promise<RunningQueues> {
  const { log } = options;
  const broker = new SqsBroker({
    onDeadLetter: ({ queue, messageId, deadLetterQueue }) =>
      log(
        `[sqs] ${queue}: message ${messageId} passed maxReceiveCount → ${deadLetterQueue ?? '(no local DLQ)'}`,
      ),
  });
  const server = await startLocalSqs(broker);
  return {
    broker,
    endpoint: server.endpoint,
    startMappings(topology, invoker) {
      const sources = topology.eventSourceMappings.flatMap((mapping) => {
        const queue = broker.byArn(mapping.queueArn);
        if (!queue) return [];
        const source = new SqsEventSource({
          mapping,
          queue,
          invoker,
          clock: broker.clock,
          region: topology.region,
          functionTimeoutSeconds:
            topology.functions.find((fn) => fn.logicalId === mapping.functionId)?.timeoutSeconds ?? 3,
          onBatch: (line) => {
            const text = describeBatch(line);
            if (text) log(text);
          },
        });
        source.start();
        return [source];
      });
      return { stop: async () => void (await Promise.all(sources.map((source) => source.stop()))) };
    },
    close: async () => {
      broker.close();
      await server.close();
    },
  };
}
