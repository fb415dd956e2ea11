import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for expiry rules. Tests freeze or advance it instead of sleeping;
 * timestamps compared against it are written from it too (never SQL now()).
 */
@Injectable()
export class Clock {
  private fixedMs: number | null = null;
  private offsetMs = 0;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return (this.fixedMs ?? Date.now()) + this.offsetMs;
  }

  freeze(at: Date | number = Date.now()): void {
    this.fixedMs = typeof at === 'number' ? at : at.getTime();
    this.offsetMs = 0;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.fixedMs = null;
    this.offsetMs = 0;
  }
}
