/** The current time; tests pass their own to step past timeouts without sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
