/**
 * Token abilities the core knows. A login token carries `All`; a product names its own abilities
 * in a string enum (Fangate's `FangateAbility`) and passes its members to `@RequireAbilities()`.
 */
export enum TokenAbility {
  All = '*',
}

/** Whether a token's abilities grant `ability` (the `*` wildcard grants every one). */
export const tokenCan = (abilities: readonly string[], ability: string): boolean =>
  abilities.includes(TokenAbility.All) || abilities.includes(ability);
