/** The time source. Injected everywhere so tests and simulations control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
