// The replay's playback state, shared by the replay loop and the dashboard keys.
export interface Playback {
  /** Times the recorded pace; 0 = as fast as possible. */
  speed: number;
  paused: boolean;
  /** Capture time reached, µs. */
  positionUs: number;
  firstUs: number;
  quit: boolean;
}
