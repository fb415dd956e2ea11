import type { EntityManager } from 'typeorm';
import type { User } from '../../../users/user.entity';
import { owns, PolicyAction, type Policy } from '../../../ownership/policy';
import { Track } from './track.entity';

export enum TrackAction {
  Purchase = 'purchase',
}

/**
 * Tracks: anyone may view one (anonymous callers too); the producer who owns it may update it;
 * anyone signed in but its owner may buy it. Admins pass (policyAllows).
 */
export class TrackPolicy implements Policy<Track, PolicyAction | TrackAction> {
  readonly entity = Track;

  /** With its producer: every track response names the artist. */
  load(manager: EntityManager, id: number): Promise<Track | null> {
    return manager.findOne(Track, { where: { id }, relations: { producer: true } });
  }

  can(user: User | null, action: PolicyAction | TrackAction, track?: Track): boolean {
    switch (action) {
      case PolicyAction.View:
        return true;
      case PolicyAction.Update:
        return owns(user, track?.producerId);
      case TrackAction.Purchase:
        return !!user && !!track && track.producerId !== user.id;
      default:
        return false;
    }
  }
}
