/** A LIKE/ILIKE pattern matching `term` anywhere, its `%`, `_` and `\` taken literally. */
export const likeTerm = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
