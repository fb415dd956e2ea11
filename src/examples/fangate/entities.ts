import { Currency } from './accounts/currency.entity';
import { FangateAccount } from './accounts/fangate-account.entity';
import { InviteCode } from './accounts/invite-code.entity';
import { PayoutAccount } from './accounts/payout-account.entity';
import { ConsentTag } from './consent-tags/consent-tag.entity';
import { ProductMedia } from './products/product-media.entity';
import { Product } from './products/product.entity';
import { WalletTransaction } from './wallet/wallet-transaction.entity';

/** Fangate's own tables; the data source lists them only when FangateModule is composed in. */
export const FANGATE_ENTITIES = [
  Currency,
  FangateAccount,
  PayoutAccount,
  InviteCode,
  Product,
  ProductMedia,
  ConsentTag,
  WalletTransaction,
];
