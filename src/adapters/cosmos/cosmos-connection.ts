/**
 * Opening a Cosmos DB connection: authentication (account key or Microsoft Entra ID), the SDK's
 * connection policy, and making sure the database and containers exist.
 */
import type { Agent } from 'node:https';
import { CosmosClient, type Container, type CosmosClientOptions } from '@azure/cosmos';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { COLLECTIONS, type Collection } from '../../ports/document-store';

export interface CosmosConnectionOptions {
  endpoint: string;
  /** Account key. Without it the store signs in with `credential` (Microsoft Entra ID). */
  key?: string;
  /** Defaults to `DefaultAzureCredential` (managed identity in Azure) when no key is given. */
  credential?: TokenCredential;
  /** Tests pass an agent that accepts the local server's self-signed certificate. */
  agent?: Agent;
}

/** The HTTP status of a Cosmos error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

function clientOptions(options: CosmosConnectionOptions): CosmosClientOptions {
  const auth: Pick<CosmosClientOptions, 'key' | 'aadCredentials'> = options.key ? { key: options.key } : { aadCredentials: options.credential ?? new DefaultAzureCredential() };
  return {
    endpoint: options.endpoint,
    ...auth,
    ...(options.agent ? { agent: options.agent } : {}),
    connectionPolicy: {
      // The SDK's own 429 policy: honours Cosmos's retry-after; bounded in count and total wait.
      retryOptions: { maxRetryAttemptCount: 5, maxWaitTimeInSeconds: 15 },
      // A loopback (test) server has no other regions to discover and does not answer the lookup.
      enableEndpointDiscovery: !isLoopback(options.endpoint),
    },
    userAgentSuffix: 'esafety-incident-bot',
  };
}

export function openClient(options: CosmosConnectionOptions): CosmosClient {
  return new CosmosClient(clientOptions(options));
}

/**
 * Creates the database and one container per collection (partition key `/schoolId`) if missing.
 * With Entra ID auth they must already exist: data-plane roles cannot create them.
 */
export async function ensureContainers(client: CosmosClient, databaseId: string, run: <T>(op: () => Promise<T>) => Promise<T>): Promise<Map<Collection, Container>> {
  // Two instances starting on an empty account race to create the same database: the loser's create
  // answers 409, and asking again finds what the winner made.
  const createOrFind = async <T>(op: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run(op);
      } catch (err) {
        if (statusOf(err) !== 409 || attempt >= 3) throw err;
      }
    }
  };
  try {
    const { database } = await createOrFind(() => client.databases.createIfNotExists({ id: databaseId }));
    const created = await Promise.all(
      COLLECTIONS.map(async (id) => {
        const { container } = await createOrFind(() => database.containers.createIfNotExists({ id, partitionKey: { paths: ['/schoolId'] } }));
        return [id, container] as const;
      }),
    );
    return new Map(created);
  } catch (err) {
    if (statusOf(err) === 403) {
      // Entra ID data-plane roles cannot create databases or containers, only read their metadata.
      throw new Error(
        `Cosmos refused to open database "${databaseId}" and its containers (403). With managed identity they must ` +
          'already exist (provision them with the deployment templates) and the identity needs a Cosmos DB data role.',
        { cause: err },
      );
    }
    throw err;
  }
}
