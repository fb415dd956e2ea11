import { beforeAll, describe, expect, it } from '@jest/globals';
import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ArtistPolicy } from '../../../src/examples/beatpass/artists/artist.policy';
import { Track } from '../../../src/examples/beatpass/tracks/track.entity';
import { TrackAction, TrackPolicy } from '../../../src/examples/beatpass/tracks/track.policy';
import { Role } from '../../../src/common/auth/role.enum';
import {
  ConsentTagAction,
  ConsentTagPolicy,
} from '../../../src/examples/fangate/consent-tags/consent-tag.policy';
import { ProductPolicy } from '../../../src/examples/fangate/products/product.policy';
import { OwnershipService } from '../../../src/ownership/ownership.service';
import { PolicyAction } from '../../../src/ownership/policy';
import { RolesService } from '../../../src/roles/roles.service';
import { User } from '../../../src/users/user.entity';
import { createConsentTag, createProduct, createTrack } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { useTestApp } from '../../utils/test-app';

/** The mechanism against real rows: loading through a policy, the decisions, and the roles service the CLI uses. */
describe('Ownership: policies over real rows, and role grants', () => {
  let ownership: OwnershipService;
  const t = useTestApp();
  beforeAll(() => {
    ownership = t.app.get(OwnershipService);
  });

  const rejects = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e,
    );

  it('loads the row a parameter names (with the relations the policy asks for), then decides', async () => {
    const owner = await createUser(t.db, { roles: [Role.Producer] });
    const other = await createUser(t.db, { roles: [Role.Producer] });
    const admin = await createUser(t.db, { roles: [Role.Admin] });
    const track = await createTrack(t.db, owner);

    const loaded = await ownership.loadAndAuthorize(
      owner,
      TrackPolicy,
      PolicyAction.Update,
      String(track.id),
    );
    expect(loaded).toBeInstanceOf(Track);
    expect(loaded.producer?.id).toBe(owner.id);
    await expect(
      ownership.loadAndAuthorize(admin, TrackPolicy, PolicyAction.Update, String(track.id)),
    ).resolves.toBeTruthy();
    expect(
      await rejects(ownership.loadAndAuthorize(other, TrackPolicy, PolicyAction.Update, String(track.id))),
    ).toBeInstanceOf(ForbiddenException);
    expect(
      await rejects(ownership.loadAndAuthorize(null, TrackPolicy, PolicyAction.Update, String(track.id))),
    ).toBeInstanceOf(UnauthorizedException);
    for (const id of ['999999', 'abc', '0', '', undefined]) {
      expect(
        await rejects(ownership.loadAndAuthorize(owner, TrackPolicy, PolicyAction.Update, id)),
      ).toBeInstanceOf(NotFoundException);
    }
    // Anonymous callers may view (optional-auth routes), not buy.
    await expect(
      ownership.loadAndAuthorize(null, TrackPolicy, PolicyAction.View, String(track.id)),
    ).resolves.toBeTruthy();
    expect(
      await rejects(ownership.loadAndAuthorize(null, TrackPolicy, TrackAction.Purchase, String(track.id))),
    ).toBeInstanceOf(UnauthorizedException);
  });

  it('applies each example policy as documented', async () => {
    const creator = await createUser(t.db, { roles: [Role.Creator] });
    const tagged = await createUser(t.db, { roles: [Role.Creator] });
    const product = await createProduct(t.db, creator);
    const tag = await createConsentTag(t.db, product, tagged);
    const listener = await createUser(t.db, { roles: [Role.Listener] });

    await expect(
      ownership.loadAndAuthorize(creator, ProductPolicy, PolicyAction.Delete, String(product.id)),
    ).resolves.toBeTruthy();
    expect(
      await rejects(ownership.loadAndAuthorize(tagged, ProductPolicy, PolicyAction.View, String(product.id))),
    ).toBeInstanceOf(ForbiddenException);
    await expect(
      ownership.loadAndAuthorize(tagged, ConsentTagPolicy, ConsentTagAction.Respond, String(tag.id)),
    ).resolves.toBeTruthy();
    expect(
      await rejects(ownership.loadAndAuthorize(creator, ConsentTagPolicy, PolicyAction.View, String(tag.id))),
    ).toBeInstanceOf(ForbiddenException);
    // Unknown actions are refused by every policy (closed by default).
    expect(
      await rejects(
        ownership.loadAndAuthorize(creator, ProductPolicy, 'publish' as PolicyAction, String(product.id)),
      ),
    ).toBeInstanceOf(ForbiddenException);
    // ArtistPolicy loads producers only.
    expect(
      await rejects(ownership.loadAndAuthorize(null, ArtistPolicy, PolicyAction.View, String(listener.id))),
    ).toBeInstanceOf(NotFoundException);
  });

  it('grants and revokes roles by email, case-insensitively and idempotently (npm run user:role)', async () => {
    const roles = t.app.get(RolesService);
    const user = await createUser(t.db, { roles: [Role.Listener], email: 'Mixed.Case@Example.com' });
    const rolesOf = async () => (await t.db.getRepository(User).findOneByOrFail({ id: user.id })).roles;

    expect((await roles.grant('mixed.case@example.com', Role.Producer))?.roles).toEqual([
      Role.Listener,
      Role.Producer,
    ]);
    await roles.grant('MIXED.CASE@EXAMPLE.COM', Role.Producer);
    expect(await rolesOf()).toEqual([Role.Listener, Role.Producer]);
    expect((await roles.revoke('mixed.case@example.com', Role.Listener))?.roles).toEqual([Role.Producer]);
    await roles.revoke('mixed.case@example.com', Role.Admin);
    expect(await rolesOf()).toEqual([Role.Producer]);
    expect(await roles.grant('nobody@example.com', Role.Admin)).toBeNull();
  });
});
