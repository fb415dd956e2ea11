import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Role } from '../common/auth/role.enum';
import type { User } from '../users/user.entity';
import { OwnershipService } from './ownership.service';
import { owns, policyAllows, policyOf, PolicyAction, type Policy } from './policy';
import { parseIntId } from './resource-id';

interface Note {
  id: number;
  authorId: number;
  published: boolean;
}

/** A policy as a backend team would write one: public reads of published notes, owner-only writes. */
class NotePolicy implements Policy<Note> {
  can(user: User | null, action: PolicyAction, note?: Note): boolean {
    if (action === PolicyAction.View) return !!note?.published || owns(user, note?.authorId);
    if (action === PolicyAction.Create) return !!user?.roles.includes(Role.Producer);
    return action === PolicyAction.Update && owns(user, note?.authorId);
  }
}

const user = (id: number, ...roles: Role[]) => ({ id, roles }) as User;
const note: Note = { id: 1, authorId: 7, published: false };
const ownership = new OwnershipService({} as DataSource);

describe('policies', () => {
  it('decide from the caller and the row; admins pass every policy', () => {
    expect(policyAllows(NotePolicy, user(7), PolicyAction.Update, note)).toBe(true);
    expect(policyAllows(NotePolicy, user(8, Role.Producer), PolicyAction.Update, note)).toBe(false);
    expect(policyAllows(NotePolicy, user(9, Role.Admin), PolicyAction.Update, note)).toBe(true);
    expect(policyAllows(NotePolicy, user(9, Role.Admin), PolicyAction.Delete, note)).toBe(true);
    expect(policyAllows(NotePolicy, null, PolicyAction.View, note)).toBe(false);
    expect(policyAllows(NotePolicy, null, PolicyAction.View, { ...note, published: true })).toBe(true);
    expect(policyAllows(NotePolicy, user(8, Role.Producer), PolicyAction.Create)).toBe(true);
    expect(policyAllows(NotePolicy, user(8, Role.Listener), PolicyAction.Create)).toBe(false);
  });

  it('are instantiated once per class', () => {
    expect(policyOf(NotePolicy)).toBe(policyOf(NotePolicy));
  });

  it('owns() needs a caller and an owner id', () => {
    expect(owns(null, 1)).toBe(false);
    expect(owns(user(1), null)).toBe(false);
    expect(owns(user(1), 1)).toBe(true);
  });
});

describe('OwnershipService.authorize', () => {
  it('answers 404 for no row, 401 for a refused anonymous caller, 403 for a refused user', () => {
    expect(() => ownership.authorize(user(7), NotePolicy, PolicyAction.Update, null)).toThrow(
      NotFoundException,
    );
    expect(() => ownership.authorize(null, NotePolicy, PolicyAction.Update, note)).toThrow(
      UnauthorizedException,
    );
    expect(() => ownership.authorize(user(8), NotePolicy, PolicyAction.Update, note)).toThrow(
      ForbiddenException,
    );
    expect(ownership.authorize(user(7), NotePolicy, PolicyAction.Update, note)).toBe(note);
    expect(ownership.authorize(user(1, Role.Admin), NotePolicy, PolicyAction.Update, note)).toBe(note);
  });

  it('keeps requireOwner for callers that pass an owner accessor', () => {
    expect(() => ownership.requireOwner(user(7), null, (n: Note) => n.authorId)).toThrow(NotFoundException);
    expect(() => ownership.requireOwner(user(8), note, (n) => n.authorId)).toThrow(ForbiddenException);
    expect(ownership.requireOwner(user(7), note, (n) => n.authorId)).toBe(note);
    expect(ownership.requireOwner(user(8, Role.Admin), note, (n) => n.authorId)).toBe(note);
  });
});

describe('parseIntId', () => {
  it('accepts positive integers that fit a PostgreSQL integer, nothing else', () => {
    expect(parseIntId('1')).toBe(1);
    expect(parseIntId('2147483647')).toBe(2147483647);
    for (const bad of [
      '0',
      '-1',
      '01',
      '1.5',
      '1e3',
      'abc',
      '',
      ' 1',
      '2147483648',
      '99999999999999999999',
      undefined,
    ]) {
      expect({ bad, id: parseIntId(bad) }).toEqual({ bad, id: null });
    }
  });
});
