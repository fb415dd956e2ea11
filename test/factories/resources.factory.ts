import type { DataSource } from 'typeorm';
import { ArtistFollow } from '../../src/examples/beatpass/artists/artist-follow.entity';
import { BeatRequest } from '../../src/examples/beatpass/beat-requests/beat-request.entity';
import { ConversationParticipant } from '../../src/examples/beatpass/messaging/conversation-participant.entity';
import { Conversation } from '../../src/examples/beatpass/messaging/conversation.entity';
import { Purchase, type PurchaseStatus } from '../../src/examples/beatpass/purchases/purchase.entity';
import { Track } from '../../src/examples/beatpass/tracks/track.entity';
import { ConsentTag } from '../../src/examples/fangate/consent-tags/consent-tag.entity';
import { ProductMedia } from '../../src/examples/fangate/products/product-media.entity';
import { Product } from '../../src/examples/fangate/products/product.entity';
import {
  WalletTransaction,
  type WalletTransactionKind,
  type WalletTransactionStatus,
} from '../../src/examples/fangate/wallet/wallet-transaction.entity';
import type { User } from '../../src/users/user.entity';

/** Rows of the example resources, inserted directly (the API's own writes are what the tests check). */
export const createTrack = (db: DataSource, producer: Pick<User, 'id'>, over: Partial<Track> = {}) =>
  db.getRepository(Track).save({ producerId: producer.id, title: 'A track', price: '10.00', ...over });

export const createPurchase = (
  db: DataSource,
  buyer: Pick<User, 'id'>,
  track: Track,
  status: PurchaseStatus = 'completed',
  amount = track.price,
) => db.getRepository(Purchase).save({ userId: buyer.id, trackId: track.id, amount, status });

export const follow = (db: DataSource, follower: Pick<User, 'id'>, artist: Pick<User, 'id'>) =>
  db.getRepository(ArtistFollow).insert({ followerId: follower.id, artistId: artist.id });

export async function createConversation(db: DataSource, subject: string, members: Pick<User, 'id'>[]) {
  const conversation = await db.getRepository(Conversation).save({ subject });
  await db
    .getRepository(ConversationParticipant)
    .insert(members.map((m) => ({ conversationId: conversation.id, userId: m.id })));
  return conversation;
}

export const createBeatRequest = (db: DataSource, user: Pick<User, 'id'>, title = 'A request') =>
  db.getRepository(BeatRequest).save({ userId: user.id, title, budget: null, status: 'open' });

export const createProduct = (db: DataSource, creator: Pick<User, 'id'>, over: Partial<Product> = {}) =>
  db.getRepository(Product).save({
    creatorId: creator.id,
    title: 'A product',
    description: null,
    price: '5.00',
    status: 'draft',
    ...over,
  });

export const createMedia = (db: DataSource, product: Product, url = 'https://cdn.example.com/a.jpg') =>
  db.getRepository(ProductMedia).save({ productId: product.id, kind: 'image', url });

export const createConsentTag = (db: DataSource, product: Product, tagged: Pick<User, 'id'>) =>
  db.getRepository(ConsentTag).save({ productId: product.id, taggedUserId: tagged.id, status: 'pending' });

export const createTransaction = (
  db: DataSource,
  user: Pick<User, 'id'>,
  kind: WalletTransactionKind,
  amount: string,
  status: WalletTransactionStatus = 'completed',
  productId: number | null = null,
) => db.getRepository(WalletTransaction).save({ userId: user.id, kind, amount, status, productId });
