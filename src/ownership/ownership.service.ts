import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Role } from '../common/auth/role.enum';
import type { User } from '../users/user.entity';

/**
 * Row-level access: 404 for a row that does not exist, 403 for one that exists but is not the
 * caller's. Admins pass. Services call this after loading the row.
 */
@Injectable()
export class OwnershipService {
  requireOwner<T>(user: User, row: T | null | undefined, ownerOf: (row: T) => number | null): T {
    if (!row) throw new NotFoundException();
    if (ownerOf(row) !== user.id && !user.roles.includes(Role.Admin)) throw new ForbiddenException();
    return row;
  }
}
