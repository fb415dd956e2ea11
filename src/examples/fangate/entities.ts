import { ConsentTag } from './consent-tags/consent-tag.entity';
import { ProductMedia } from './products/product-media.entity';
import { Product } from './products/product.entity';
import { WalletTransaction } from './wallet/wallet-transaction.entity';

/** Fangate's own tables; the data source lists them only when FangateModule is composed in. */
export const FANGATE_ENTITIES = [Product, ProductMedia, ConsentTag, WalletTransaction];
