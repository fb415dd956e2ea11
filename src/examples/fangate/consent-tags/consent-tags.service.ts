import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../../../common/clock/clock';
import { ValidationFailedException } from '../../../common/errors/app-exceptions';
import { uniqueViolation } from '../../../common/errors/database-errors';
import type { User } from '../../../users/user.entity';
import { UsersService } from '../../../users/users.service';
import { CREATOR_STUDIO_ERRORS } from '../error-codes';
import type { Product } from '../products/product.entity';
import type { RespondConsentTagDto } from './consent-tag.dto';
import { ConsentTag } from './consent-tag.entity';

@Injectable()
export class ConsentTagsService {
  constructor(
    @InjectRepository(ConsentTag) private readonly tags: Repository<ConsentTag>,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Tags `userId` on the (already authorized) product; 422 for no such user, oneself or a repeat. */
  async tag(product: Product, userId: number): Promise<{ tag: ConsentTag; tagged: User }> {
    const tagged = await this.users.findById(userId);
    if (!tagged) throw ValidationFailedException.field('user_id', CREATOR_STUDIO_ERRORS.UNKNOWN_USER);
    if (tagged.id === product.creatorId) {
      throw ValidationFailedException.field('user_id', CREATOR_STUDIO_ERRORS.TAG_SELF);
    }
    try {
      const tag = await this.tags.save(
        this.tags.create({ productId: product.id, taggedUserId: tagged.id, status: 'pending' }),
      );
      return { tag, tagged };
    } catch (err) {
      if (uniqueViolation(err))
        throw ValidationFailedException.field('user_id', CREATOR_STUDIO_ERRORS.ALREADY_TAGGED);
      throw err;
    }
  }

  /** The tags naming the user (and only those), newest first. */
  listForTaggedUser(userId: number): Promise<ConsentTag[]> {
    return this.tags.find({
      where: { taggedUserId: userId },
      relations: { product: { creator: true } },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** The answer may change later (consent can be withdrawn); each answer is time-stamped. */
  async respond(tag: ConsentTag, dto: RespondConsentTagDto): Promise<ConsentTag> {
    const changes = { status: dto.status, note: dto.note ?? null, respondedAt: this.clock.now() };
    await this.tags.update({ id: tag.id }, changes);
    return Object.assign(tag, changes);
  }
}
