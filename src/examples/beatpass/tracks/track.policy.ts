import type { EntityManager } from 'typeorm';
import type { User } from '../../../users/user.entity';
import { owns, type Policy, type PolicyAction } from '../../../ownership/policy';
import { Track } from './track.entity';

/**
 * Tracks: anyone may view one (anonymous callers too); the producer who owns it may update it;
 * anyone signed in but its owner may buy it. Admins pass (policyAllows).
 */
export class TrackPolicy implements Policy<Track> {
  readonly entity = Track;

  /** With its producer: every track response names the artist. */
  load(manager: EntityManager, id: number): Promise<Track | null> {
    return manager.findOne(Track, { where: { id }, relations: { producer: true } });
  }

  can(user: User | null, action: PolicyAction, track?: Track): boolean {
    switch (action) {
      case 'view':
        return true;
      case 'update':
        return owns(user, track?.producerId);
      case 'purchase':
        return !!user && !!track && track.producerId !== user.id;
      default:
        return false;
    }
  }
}
