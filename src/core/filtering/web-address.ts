/**
 * A web address as a teacher types it (`https://www.bbc.co.uk/bitesize`, `bbc.co.uk`, `www.example.org/page`),
 * checked and normalised: http or https only (a bare domain is taken as https), a real host name (no
 * user name, no port games, no IP tricks beyond a plain one), lower-case host, no query or fragment (they
 * can carry personal details and the filter works on host and path). Limits: 2,000 characters.
 */

/** The longest address accepted, in characters. */
export const MAX_ADDRESS_LENGTH = 2000;

/** A checked address: its host, its path (without a trailing `/`) and the form the log keeps. */
export interface WebAddress {
  host: string;
  path: string;
  /** `host` + `path`, e.g. `www.bbc.co.uk/bitesize`. */
  normalised: string;
}

const HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The address checked and normalised, or a sentence saying why it is not a web address. */
export function readWebAddress(typed: string): WebAddress | { problem: string } {
  const raw = typed.trim().replace(/^<|>$/g, '');
  if (!raw) return { problem: 'Give the web address, such as www.bbc.co.uk/bitesize.' };
  if (raw.length > MAX_ADDRESS_LENGTH) return { problem: `That address is longer than ${MAX_ADDRESS_LENGTH} characters.` };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https' && raw.includes('//')) return { problem: 'Only web addresses (http or https) can be unblocked.' };
  let url: URL;
  try {
    url = new URL(scheme === 'http' || scheme === 'https' ? raw : `https://${raw}`);
  } catch {
    return { problem: `"${raw.slice(0, 60)}" is not a web address. Write it like www.bbc.co.uk/bitesize.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'Only web addresses (http or https) can be unblocked.' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (url.username || url.password || !HOST.test(host)) return { problem: `"${raw.slice(0, 60)}" is not a web address. Write it like www.bbc.co.uk/bitesize.` };
  const path = decodeSafely(url.pathname).replace(/\/+$/, '');
  return { host, path, normalised: `${host}${path}` };
}

function decodeSafely(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
