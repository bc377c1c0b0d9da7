// The engine's thresholds and caps, with their defaults.

export interface EngineOptions {
  /** How long after a request replies count as answers to it (ms). */
  windowMs: number;
  /** GARPs from one (IP, MAC) closer together than this form one burst (ms). */
  burstGapMs: number;
  /** GARPs per second from one (IP, MAC) that make a storm. */
  stormRate: number;
  /** Address table cap; past it the least recently seen addresses are evicted. */
  maxAddresses: number;
  /** Incident cap; past it new incidents are counted, not stored. */
  maxIncidents: number;
  /** A VRRP master change with no GARP for a VIP this long after it lacks its GARP burst (ms). */
  garpWaitMs: number;
  /** GARPs, replies and neighbours this long after a master change belong to its timeline (ms). */
  failoverWindowMs: number;
  /** GARPs expected in the first burst after a takeover (keepalived's default is 5). */
  expectGarps: number;
  /** Requests per second from one MAC that make it watched for a scan or a request storm. */
  scanRate: number;
  /** Distinct addresses a watched MAC asks for that make a scan. */
  scanTargets: number;
  /** Requests per second re-asking for the same few addresses that make a request storm. */
  requestStormRate: number;
}

export const DEFAULT_OPTIONS: EngineOptions = {
  windowMs: 1000,
  burstGapMs: 1000,
  stormRate: 20,
  maxAddresses: 1 << 20,
  maxIncidents: 10000,
  garpWaitMs: 3000,
  failoverWindowMs: 12000,
  expectGarps: 5,
  scanRate: 50,
  scanTargets: 64,
  requestStormRate: 50,
};

/** The smallest address table the engine runs with. */
export const MIN_ADDRESSES = 16;

/** The largest address table the CLI accepts (records are reserved for it up front). */
export const MAX_ADDRESSES = 1 << 24;

/** Pending-request table: 2^13 slots. */
export const PENDING_BITS = 13;

/** Incidents may pin at most a quarter of the address table, so eviction always frees room. */
export const INCIDENTS_PER_ADDRESS = 0.25;

/** Options with defaults filled in and the incident cap kept below what the address table can pin. */
export function resolveOptions(o: Partial<EngineOptions>): EngineOptions {
  const opts = { ...DEFAULT_OPTIONS, ...o };
  opts.maxIncidents = Math.min(opts.maxIncidents, Math.floor(opts.maxAddresses * INCIDENTS_PER_ADDRESS));
  return opts;
}
