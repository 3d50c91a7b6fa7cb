/** Waits for `work`, or `ms`, whichever comes first; says which. The work goes on if time runs out. */
export async function withDeadline(work: Promise<unknown>, ms: number): Promise<'done' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), Math.max(0, ms))));
  const outcome = await Promise.race([work.then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  return outcome;
}
