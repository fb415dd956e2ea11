import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { cborEncode, type CborValue } from './cbor';
import { FIRST_PARTY } from './test-app';

/** The test apps' relying party: FRONTEND_URL's defaults (host `localhost`, origin http://localhost:3000). */
export const TEST_RP_ID = 'localhost';
export const TEST_ORIGIN = FIRST_PARTY;

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
/** A software key: "none" attestation, and an all-zero AAGUID. */
const AAGUID = Buffer.alloc(16);

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export interface StoredCredential {
  id: string;
  privateKey: KeyObject;
  /** base64url user.id the credential was made for (WebAuthn's user handle). */
  userHandle: string;
  counter: number;
}

/** What a test can bend in one ceremony, to play a hostile or broken client. */
export interface CeremonyTweaks {
  origin?: string;
  rpId?: string;
  /** Sign for another challenge than the options gave. */
  challenge?: string;
  userVerified?: boolean;
  userPresent?: boolean;
  /** Assertions: the counter to report (default: the stored one plus 1). */
  counter?: number;
  /** Assertions: which of the authenticator's credentials to use (default: the first one allowed). */
  credentialId?: string;
  type?: string;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

/**
 * A platform authenticator in software: P-256 (ES256) keys from node:crypto, real attestation
 * objects ("none" format, CBOR) and real assertions over authenticatorData (rpIdHash, UP/UV flags,
 * the signature counter) and the client data hash, as a browser would hand them to the page.
 */
export class SoftwareAuthenticator {
  readonly credentials = new Map<string, StoredCredential>();

  constructor(private readonly origin = TEST_ORIGIN) {}

  /** navigator.credentials.create() and `credential.toJSON()`. */
  create(options: CreationOptions, tweaks: CeremonyTweaks = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rawId = randomBytes(32);
    const id = b64url(rawId);
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cborEncode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      this.authDataHead(tweaks.rpId ?? options.rp.id ?? TEST_RP_ID, tweaks, FLAG_AT, 0),
      AAGUID,
      credentialIdLength,
      rawId,
      cose,
    ]);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, tweaks);
    const attestationObject = cborEncode(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CborValue>()],
        ['authData', authData],
      ]),
    );
    this.credentials.set(id, { id, privateKey, userHandle: options.user.id, counter: 0 });
    return {
      id,
      rawId: id,
      type: tweaks.type ?? 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get() and `credential.toJSON()`; advances the credential's counter. */
  get(options: RequestOptions, tweaks: CeremonyTweaks = {}) {
    const allowed = options.allowCredentials?.map((c) => c.id);
    const id =
      tweaks.credentialId ??
      [...this.credentials.keys()].find((k) => !allowed?.length || allowed.includes(k));
    const credential = id ? this.credentials.get(id) : undefined;
    if (!credential) throw new Error('SoftwareAuthenticator: no credential for these options');
    const counter = tweaks.counter ?? credential.counter + 1;
    credential.counter = Math.max(credential.counter, counter);
    const authData = this.authDataHead(tweaks.rpId ?? options.rpId ?? TEST_RP_ID, tweaks, 0, counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tweaks);
    const signature = createSign('sha256')
      .update(Buffer.concat([authData, sha256(clientDataJSON)]))
      .sign(credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: tweaks.type ?? 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private authDataHead(rpId: string, tweaks: CeremonyTweaks, extraFlags: number, counter: number): Buffer {
    const flags =
      ((tweaks.userPresent ?? true) ? FLAG_UP : 0) |
      ((tweaks.userVerified ?? true) ? FLAG_UV : 0) |
      extraFlags;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, tweaks: CeremonyTweaks): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge: tweaks.challenge ?? challenge,
        origin: tweaks.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }
}
