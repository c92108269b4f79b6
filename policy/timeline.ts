import timeline from "./timeline.json";

/** A dated change of Auth0's behaviour, with where it is documented. */
export interface DatedChange {
  /** YYYY-MM-DD: the first day the change is in effect */
  readonly date: string;
  readonly source: string;
}

/** Auth0's dated changes the rules depend on: data, so a moved date is a one-line change. */
export interface Timeline {
  /** third-party clients created without third_party_security_mode are strict from this day */
  readonly modelessClientsStrictFrom: DatedChange;
  /** Rules and Hooks are no longer executed from this day */
  readonly rulesAndHooksEndOfLife: DatedChange;
}

export const TIMELINE: Timeline = timeline;

/** Is the change in effect on a day (YYYY-MM-DD)? */
export function inEffect(change: DatedChange, today: string): boolean {
  return today >= change.date;
}
