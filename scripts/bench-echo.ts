/**
 * The benchmark floor: a bare botbuilder echo bot on the same adapter (teams-ai `TeamsAdapter`, no
 * credentials) and the same restify front door as `src/app/http-server.ts` (body parser and headers),
 * so `npm run bench` can show what the product's own work costs on top of the framework.
 *
 * Used by `scripts/bench.ts`; run on its own with `npx ts-node --transpile-only scripts/bench-echo.ts`.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import { createFrontDoor } from '../src/app/http-server';

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

export async function startEchoServer(port = 0): Promise<EchoServer> {
  const adapter = new TeamsAdapter({});
  const server = createFrontDoor('esafety-bench-echo');
  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, async (context) => {
        await context.sendActivity(context.activity.text);
      });
    } catch {
      if (!res.headersSent) res.send(500);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  startEchoServer(Number(process.env.PORT ?? 3979)).then((s) => process.stderr.write(`echo bot on ${s.url}/api/messages\n`));
}
