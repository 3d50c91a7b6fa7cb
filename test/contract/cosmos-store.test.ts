/**
 * The shared DocumentStore contract against the Cosmos adapter: the real `@azure/cosmos` SDK talking
 * to cosmosdb-server in-process. One server per file; a fresh database per store, dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { createCosmosStore } from '../../src/adapters/cosmos/cosmos-store';
import { startCosmosServer, type CosmosTestServer } from '../fakes/cosmos-server';
import { documentStoreContract } from './document-store-contract';

let server: CosmosTestServer;
let admin: CosmosClient;

beforeAll(async () => {
  server = await startCosmosServer();
  admin = new CosmosClient({
    endpoint: server.endpoint,
    key: server.key,
    agent: server.agent,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
});

afterAll(async () => {
  admin.dispose();
  await server.stop();
});

documentStoreContract('cosmos (cosmosdb-server)', async () => {
  const databaseId = `contract-${randomUUID()}`;
  const store = await createCosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await admin.database(databaseId).delete();
    },
  };
});
