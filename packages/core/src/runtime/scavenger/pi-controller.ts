/**
 * The PI controller the 1.18+ background scavenger sets its sleep ratio with (go1.19.8
 * mgcpacer.go piController; gains and limits in policy/runtime-constants.ts): proportional
 * gain `kp`, integral time `ti`, anti-windup reset time `tt`, output clamped to [min, max]. A
 * non-finite output or integral resets it and reports failure, as `piController.next` does.
 *
 * @module
 */

/** A PI controller with anti-windup. */
export class PiController {
  private errIntegral = 0;
  constructor(private readonly kp: number, private readonly ti: number, private readonly tt: number, private readonly min: number, private readonly max: number) {}
  /** The next output for `input` against `setpoint` over `period`, and whether it is valid. */
  next(input: number, setpoint: number, period: number): [number, boolean] {
    const prop = this.kp * (setpoint - input);
    const raw = prop + this.errIntegral;
    if (!Number.isFinite(raw)) {
      this.errIntegral = 0;
      return [this.min, false];
    }
    const out = Math.min(Math.max(raw, this.min), this.max);
    this.errIntegral += ((this.kp * period) / this.ti) * (setpoint - input) + (period / this.tt) * (out - raw);
    if (!Number.isFinite(this.errIntegral)) {
      this.errIntegral = 0;
      return [this.min, false];
    }
    return [out, true];
  }
}
