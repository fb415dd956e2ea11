import { describe, expect, it } from '@jest/globals';
import type { ColumnType, EntityMetadata } from 'typeorm';
import { parseIntId, parseResourceId } from './resource-id';

/** Just the part of TypeORM's metadata parseResourceId reads. */
const primary = (type: ColumnType) => ({ primaryColumns: [{ type }] }) as unknown as EntityMetadata;
const noPrimary = { primaryColumns: [] } as unknown as EntityMetadata;

const expectAll = (meta: EntityMetadata, cases: Array<[unknown, string | number | null]>) => {
  for (const [raw, expected] of cases)
    expect({ raw, id: parseResourceId(meta, raw) }).toEqual({ raw, id: expected });
};

describe('parseIntId', () => {
  it('takes only strings (route parameters), never numbers or other values', () => {
    for (const raw of [1, 1n, null, {}, ['1'], true]) expect(parseIntId(raw)).toBeNull();
  });
});

describe('parseResourceId', () => {
  it('integer columns: a positive integer that fits int4, as a number', () => {
    for (const type of [Number, 'int', 'integer', 'int4', 'smallint'] as ColumnType[]) {
      expectAll(primary(type), [
        ['1', 1],
        ['2147483647', 2147483647],
        ['2147483648', null],
        ['0', null],
        ['-1', null],
        ['007', null],
        ['1e3', null],
        ['abc', null],
        ['', null],
      ]);
    }
  });

  it('bigint columns: digits up to 2^63-1, kept as a string (no precision loss)', () => {
    for (const type of ['bigint', 'int8'] as ColumnType[]) {
      expectAll(primary(type), [
        ['1', '1'],
        ['9007199254740993', '9007199254740993'],
        ['9223372036854775807', '9223372036854775807'],
        ['9223372036854775808', null],
        ['0', null],
        ['01', null],
        ['-5', null],
        ['12a', null],
      ]);
    }
  });

  it('uuid columns: a canonical UUID in either case, nothing else', () => {
    expectAll(primary('uuid'), [
      ['123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456-426614174000'],
      ['123E4567-E89B-12D3-A456-426614174000', '123E4567-E89B-12D3-A456-426614174000'],
      ['123e4567e89b12d3a456426614174000', null],
      ['123e4567-e89b-12d3-a456-42661417400', null],
      ['123e4567-e89b-12d3-a456-4266141740000', null],
      ['g23e4567-e89b-12d3-a456-426614174000', null],
      ['{123e4567-e89b-12d3-a456-426614174000}', null],
      ['1', null],
    ]);
  });

  it('other columns (varchar keys): 1 to 255 characters', () => {
    expectAll(primary('varchar'), [
      ['slug-1', 'slug-1'],
      ['x'.repeat(255), 'x'.repeat(255)],
      ['x'.repeat(256), null],
      ['', null],
    ]);
  });

  it('null for a non-string parameter or an entity without a primary column', () => {
    expect(parseResourceId(primary('int'), 1)).toBeNull();
    expect(parseResourceId(primary('uuid'), undefined)).toBeNull();
    expect(parseResourceId(noPrimary, '1')).toBeNull();
  });
});
