// The replay's playback state, shared by the replay loop and the dashboard's
// keys, and the pacer that holds frames back to their recorded pace.
import { performance } from 'node:perf_hooks';

export interface Playback {
  /** Times the recorded pace; 0 = as fast as possible. */
  speed: number;
  paused: boolean;
  /** Capture time reached, µs. */
  positionUs: number;
  firstUs: number;
  quit: boolean;
}

/** Wall time and waiting; tests pass a clock of their own. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Waits shorter than this are not worth a timer (ms). */
const MIN_WAIT_MS = 1;

/**
 * Holds each frame until its capture time, scaled by the speed, has passed
 * on the wall clock. The schedule restarts from the current frame when the
 * speed changes or after a pause, so neither makes frames rush to catch up.
 */
export class Pacer {
  private wall0 = -1;
  private cap0 = 0;
  private speed = 0;

  constructor(private readonly clock: Clock = realClock) {}

  async wait(us: number, speed: number): Promise<void> {
    if (speed <= 0) {
      this.wall0 = -1;
      return;
    }
    if (this.wall0 < 0 || speed !== this.speed) {
      this.wall0 = this.clock.now();
      this.cap0 = us;
      this.speed = speed;
    }
    const wait = this.wall0 + (us - this.cap0) / 1000 / speed - this.clock.now();
    if (wait > MIN_WAIT_MS) await this.clock.sleep(wait);
  }

  /** Starts the schedule again from the next frame (after a pause). */
  restart(): void {
    this.wall0 = -1;
  }
}
