/**
 * The DocumentStore port on Azure Cosmos DB (NoSQL API): one container per collection, all
 * partitioned on `/schoolId`, optimistic concurrency through Cosmos's own `_etag`.
 */
import type { Container, CosmosClient, ItemDefinition } from '@azure/cosmos';
import { ConflictError, NotFoundError, PreconditionFailedError, type Collection, type Doc, type DocumentStore, type Query, type Stored } from '../../ports/document-store';
import { ensureContainers, openClient, statusOf, type CosmosConnectionOptions } from './cosmos-connection';
import { buildCount, buildSelect } from './cosmos-query';
import { DEFAULT_RETRY_POLICY, realRetryDeps, withRetry, type OperationKind, type RetryDeps, type RetryPolicy } from './retry';

export interface CosmosStoreOptions extends CosmosConnectionOptions {
  databaseId: string;
  /** Outer retry for 503/timeouts; defaults suit production. */
  retry?: Partial<RetryPolicy>;
  /** Injected by tests so backoff does not really wait. */
  retryDeps?: RetryDeps;
}

/** Cosmos adds these to every document; only `_etag` is part of the port. */
const SYSTEM_FIELDS = ['_rid', '_self', '_attachments', '_ts'] as const;
/** Never sent back to Cosmos in a write body (a caller may pass a document it read). */
const READ_ONLY_FIELDS = [...SYSTEM_FIELDS, '_etag'] as const;
/** Cosmos rejects or misroutes ids containing these. */
const ILLEGAL_ID_CHARS = /[/\\?#]/;

function toStored<T extends Doc>(resource: ItemDefinition): Stored<T> {
  const out: Record<string, unknown> = { ...resource };
  for (const field of SYSTEM_FIELDS) delete out[field];
  return out as Stored<T>;
}

function isStorableId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 255 && !ILLEGAL_ID_CHARS.test(id);
}

function toBody(collection: Collection, doc: Doc): ItemDefinition {
  if (!isStorableId(doc.id)) {
    throw new Error(`${collection}: id must be 1-255 characters without / \\ ? #, got ${JSON.stringify(doc.id)}`);
  }
  if (typeof doc.schoolId !== 'string' || doc.schoolId.length === 0) {
    throw new Error(`${collection}/${doc.id}: schoolId must be a non-empty string`);
  }
  const body: Record<string, unknown> = { ...doc };
  for (const field of READ_ONLY_FIELDS) delete body[field];
  return body as ItemDefinition;
}

class CosmosStore implements DocumentStore {
  constructor(
    private readonly client: CosmosClient,
    private readonly containers: ReadonlyMap<Collection, Container>,
    private readonly policy: RetryPolicy,
    private readonly deps: RetryDeps,
  ) {}

  private container(collection: Collection): Container {
    const container = this.containers.get(collection);
    if (!container) throw new Error(`unknown collection: ${String(collection)}`);
    return container;
  }

  private run<T>(kind: OperationKind, op: () => Promise<T>): Promise<T> {
    return withRetry(op, kind, this.policy, this.deps);
  }

  async get<T extends Doc>(collection: Collection, schoolId: string, id: string): Promise<Stored<T> | undefined> {
    if (!isStorableId(id)) return undefined; // could never have been stored
    const item = this.container(collection).item(id, schoolId);
    // The SDK resolves a 404 on point-read with `resource: undefined` rather than throwing.
    const { resource } = await this.run('read', () => item.read<ItemDefinition>());
    return resource ? toStored<T>(resource) : undefined;
  }

  async create<T extends Doc>(collection: Collection, doc: T): Promise<Stored<T>> {
    const body = toBody(collection, doc);
    try {
      const { resource } = await this.run('write', () => this.container(collection).items.create(body, { disableAutomaticIdGeneration: true }));
      return toStored<T>(this.written(resource, collection, doc.id));
    } catch (err) {
      if (statusOf(err) === 409) throw new ConflictError(collection, doc.id);
      throw err;
    }
  }

  async replace<T extends Doc>(collection: Collection, doc: T, etag: string): Promise<Stored<T>> {
    const body = toBody(collection, doc);
    const item = this.container(collection).item(doc.id, doc.schoolId);
    try {
      const { resource } = await this.run('write', () => item.replace(body, { accessCondition: { type: 'IfMatch', condition: etag } }));
      return toStored<T>(this.written(resource, collection, doc.id));
    } catch (err) {
      if (statusOf(err) === 412) throw new PreconditionFailedError(collection, doc.id);
      if (statusOf(err) === 404) throw new NotFoundError(collection, doc.id);
      throw err;
    }
  }

  async upsert<T extends Doc>(collection: Collection, doc: T): Promise<Stored<T>> {
    const body = toBody(collection, doc);
    const { resource } = await this.run('write', () => this.container(collection).items.upsert(body, { disableAutomaticIdGeneration: true }));
    return toStored<T>(this.written(resource, collection, doc.id));
  }

  async delete(collection: Collection, schoolId: string, id: string): Promise<boolean> {
    if (!isStorableId(id)) return false; // could never have been stored
    const item = this.container(collection).item(id, schoolId);
    try {
      await this.run('write', () => item.delete());
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async query<T extends Doc>(collection: Collection, query: Query): Promise<Array<Stored<T>>> {
    const spec = buildSelect(query);
    if (query.limit === 0) return [];
    const options = query.schoolId !== undefined ? { partitionKey: query.schoolId } : {};
    const { resources } = await this.run('read', () => this.container(collection).items.query<ItemDefinition>(spec, options).fetchAll());
    return resources.map((resource) => toStored<T>(resource));
  }

  async count(collection: Collection, query: Query): Promise<number> {
    const spec = buildCount(query);
    const options = query.schoolId !== undefined ? { partitionKey: query.schoolId } : {};
    const { resources } = await this.run('read', () => this.container(collection).items.query<number>(spec, options).fetchAll());
    // One value per partition range if the SDK hands back partials; the sum is the count.
    const total = resources.reduce((sum, n) => sum + n, 0);
    return query.limit !== undefined ? Math.min(total, query.limit) : total;
  }

  /** Reads the database's and one container's metadata: a point read of a missing item says nothing if they are gone. */
  async ready(): Promise<void> {
    const container = this.container('leases');
    const [db, meta] = await Promise.all([container.database.read(), container.read()]);
    if (!db.resource || !meta.resource) throw new Error('the Cosmos database or its containers are missing');
  }

  async close(): Promise<void> {
    this.client.dispose();
  }

  private written(resource: ItemDefinition | undefined, collection: Collection, id: string): ItemDefinition {
    if (!resource) throw new Error(`${collection}/${id}: Cosmos returned no document for a successful write`);
    return resource;
  }
}

/**
 * Connects to Cosmos DB, creating the database and every collection's container if missing.
 * Limits: with Entra ID auth the database and containers must already exist (data-plane roles cannot
 * create them); ids may not contain `/ \ ? #`.
 */
export async function createCosmosStore(options: CosmosStoreOptions): Promise<DocumentStore> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const deps = options.retryDeps ?? realRetryDeps;
  const client = openClient(options);
  try {
    const containers = await ensureContainers(client, options.databaseId, (op) => withRetry(op, 'read', policy, deps));
    return new CosmosStore(client, containers, policy, deps);
  } catch (err) {
    client.dispose();
    throw err;
  }
}
