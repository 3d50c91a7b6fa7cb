/**
 * The file port against both of its adapters: the local store (owner-only files under the data
 * directory) and Azure Blob Storage through the real @azure/storage-blob SDK against Azurite.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobFileStore } from '../../src/adapters/blob/blob-file-store';
import { LocalFileStore } from '../../src/adapters/files/local-file-store';
import { type FileStore, downloadCapped } from '../../src/ports/file-store';
import { type Azurite, startAzurite } from '../builders/azurite';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

function contract(name: string, make: () => FileStore) {
  describe(name, () => {
    it('puts, gets, tells whether a key exists, and deletes', async () => {
      const files = make();
      expect(await files.exists('oakfield/ev-1')).toBe(false);
      expect(await files.get('oakfield/ev-1')).toBeUndefined();
      await files.put('oakfield/ev-1', PNG, 'image/png');
      expect(await files.exists('oakfield/ev-1')).toBe(true);
      expect(Buffer.compare((await files.get('oakfield/ev-1')) as Buffer, PNG)).toBe(0);
      await files.put('oakfield/ev-1', Buffer.from('replaced'), 'text/plain');
      expect(((await files.get('oakfield/ev-1')) as Buffer).toString()).toBe('replaced');
      expect(await files.delete('oakfield/ev-1')).toBe(true);
      expect(await files.delete('oakfield/ev-1')).toBe(false);
      expect(await files.exists('oakfield/ev-1')).toBe(false);
    });

    it('refuses a key that could climb out of its place', async () => {
      const files = make();
      await expect(files.put('../escape', PNG, 'image/png')).rejects.toThrow(/unsafe/);
      await expect(files.get('oakfield/../../etc/passwd')).rejects.toThrow(/unsafe/);
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidence-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

contract('local file store', () => new LocalFileStore(join(dir, 'evidence')));

describe('local file store on disk', () => {
  it('keeps files 0600 under 0700 directories, with no temporary file left behind', async () => {
    const files = new LocalFileStore(join(dir, 'evidence'));
    await files.put('oakfield/ev-2', PNG, 'image/png');
    expect(statSync(join(dir, 'evidence')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'evidence', 'oakfield')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'evidence', 'oakfield', 'ev-2')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'evidence', 'oakfield'))).toEqual(['ev-2']);
  });
});

describe('Azure Blob Storage (Azurite)', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => azurite?.stop());

  contract('blob file store', () => new BlobFileStore({ connectionString: azurite.connectionString, container: 'evidence' }));

  it('writes the blob where the SDK finds it, with its content type, in a container that is not public', async () => {
    const files = new BlobFileStore({ connectionString: azurite.connectionString, container: 'private-evidence' });
    await files.put('oakfield/ev-3', PNG, 'image/png');
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('private-evidence');
    const props = await container.getBlockBlobClient('oakfield/ev-3').getProperties();
    expect(props.contentType).toBe('image/png');
    expect(props.contentLength).toBe(PNG.length);
    expect((await container.getProperties()).blobPublicAccess).toBeUndefined();
    const anonymous = await fetch(`${azurite.accountUrl}/private-evidence/oakfield/ev-3`);
    expect(anonymous.status).not.toBe(200);
  });

  it('with an account URL and no key, it is set up for the managed identity (not exercised: there is none here)', () => {
    const files = new BlobFileStore({ accountUrl: 'https://esafetyevidence.blob.core.windows.net', container: 'evidence' });
    expect(files).toBeInstanceOf(BlobFileStore);
  });
});

describe('downloadCapped', () => {
  it('follows a redirect only to a URL the caller allows, and stops at the byte cap whether or not the length is given', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
        res.end();
      } else if (req.url === '/local-redirect') {
        res.writeHead(302, { location: '/file' });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-length': '5000' });
        res.end(Buffer.alloc(5000));
      } else {
        res.writeHead(200);
        res.end(PNG);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const allowUrl = (u: URL) => u.origin === base;
    try {
      await expect(downloadCapped(`${base}/redirect`, { maxBytes: 1000, allowUrl })).rejects.toThrow(/host not allowed: 169\.254\.169\.254/);
      expect(Buffer.compare(await downloadCapped(`${base}/local-redirect`, { maxBytes: 1000, allowUrl }), PNG)).toBe(0);
      await expect(downloadCapped(`${base}/big`, { maxBytes: 1000, allowUrl })).rejects.toThrow(/content-length 5000/);
      await expect(downloadCapped(`${base}/file`, { maxBytes: 10, allowUrl })).rejects.toThrow(/more than 10 bytes/);
      await expect(downloadCapped('http://127.0.0.2:1/file', { maxBytes: 10, allowUrl })).rejects.toThrow(/host not allowed/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
