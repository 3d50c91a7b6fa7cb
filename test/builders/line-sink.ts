import { Writable } from 'node:stream';

/** A writable stream that hands each non-empty line written to it to `onLine`, e.g. to collect a logger's JSON lines in a test. */
export function lineSink(onLine: (line: string) => void): Writable {
  return new Writable({
    write: (chunk, _encoding, done) => {
      for (const line of String(chunk).split('\n')) if (line) onLine(line);
      done();
    },
  });
}
